package dev.charter.agent.cli;

import dev.charter.agent.passport.Keys;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;

/**
 * {@code keygen <issuer> [--out FILE]}: writes a new Ed25519 private key for {@code issuer} (PKCS#8
 * PEM, readable by its owner only; never over an existing file) and prints the line that trusts it,
 * to paste under {@code trust: issuers:}.
 */
final class Keygen {

    private Keygen() {
    }

    /**
     * @param out the key file, or {@code null} for the default: the issuer's name with {@code :}
     *            replaced by {@code -}, plus {@code .key}, in the current directory
     */
    static int run(String issuer, String out, PrintStream stdout, PrintStream err) {
        if (issuer.isBlank() || issuer.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
                || c == '/' || c == '"' || c == '\\')) {
            err.println("keygen: the issuer must be a name without whitespace, '/', quotes or backslashes, such as"
                    + " svc:orchestrator");
            return Main.UNUSABLE;
        }
        Path file;
        try {
            file = Path.of(out != null ? out : issuer.replace(':', '-') + ".key");
        } catch (InvalidPathException e) {
            err.println("keygen: '" + out + "' is not a path: " + e.getReason());
            return Main.UNUSABLE;
        }
        KeyPair pair = Keys.generate();
        try {
            Files.write(create(file), Keys.pem(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII));
        } catch (FileAlreadyExistsException e) {
            err.println("keygen: " + file + " exists already; it is never overwritten (choose another with --out)");
            return Main.UNUSABLE;
        } catch (IOException e) {
            err.println("keygen: cannot write " + file + ": " + e.getMessage());
            return Main.UNUSABLE;
        }
        err.println("keygen: wrote the private key of " + issuer + " to " + file
                + "; give it to the agent as issuer=" + issuer + ",signing-key=" + file);
        stdout.println(issuer + ": \"" + Keys.spki(pair.getPublic()) + "\"");
        return Main.OK;
    }

    /** Creates the file empty, owner-readable only where the file system has POSIX permissions. */
    private static Path create(Path file) throws IOException {
        boolean posix = file.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix");
        List<FileAttribute<?>> attributes = posix
                ? List.of(PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : List.of();
        return Files.createFile(file, attributes.toArray(FileAttribute<?>[]::new));
    }
}
