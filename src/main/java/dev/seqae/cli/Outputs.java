package dev.seqae.cli;

import dev.seqae.errors.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Output paths checked before any work is done, so that a command does not train for minutes and
 * then fail to write: a file must not be a folder, and its folder must exist (or be created) and
 * be writable. Each failure is a usage error (exit 2) that names the option.
 */
final class Outputs {
    private Outputs() {
    }

    /** {@code out} (given as {@code option}) can be written as a file. */
    static Path file(Path out, String option) {
        if (Files.isDirectory(out)) {
            throw new InvalidInputException(option + " " + out + " is a folder; give a file name in it");
        }
        Path parent = out.toAbsolutePath().normalize().getParent();
        folder(parent, option + " " + out + ":");
        return out;
    }

    /** {@code dir} exists (created if need be) and is writable; {@code what} starts the message. */
    static Path folder(Path dir, String what) {
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new InvalidInputException(what + " cannot create the folder " + dir + " ("
                    + (e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                    .toLowerCase(java.util.Locale.ROOT)) + ")");
        }
        if (!Files.isWritable(dir)) {
            throw new InvalidInputException(what + " the folder " + dir + " is not writable");
        }
        return dir;
    }
}
