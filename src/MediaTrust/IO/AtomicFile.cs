namespace MediaTrust.IO;

/// <summary>
/// Writes a file so that readers see either the old file or the complete new one: the content goes
/// to a temporary file in the same folder, which replaces the target only once it is complete. A
/// failure part-way leaves the target (possibly the very file being read) untouched.
/// </summary>
internal static class AtomicFile
{
    public static async Task WriteAsync(string path, Func<FileStream, Task> write)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
            {
                await write(stream);
                await stream.FlushAsync();
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
