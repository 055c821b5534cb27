package com.demozpay.gateway.app.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Lets each secret variable {@code NAME} come from the file named by {@code NAME_FILE} instead, as a
 * Kubernetes secret volume provides it. The file's content stands for the variable, less one
 * trailing newline (what {@code echo} and most editors add). Problems name the variable and the path,
 * never the content.
 */
final class SecretFiles {

    static final String SUFFIX = "_FILE";
    /** A secret is a key, a token or a URL; a larger file is the wrong file (or /dev/zero). */
    static final int MAX_BYTES = 64 * 1024;

    private SecretFiles() {
    }

    /** Each secret whose {@code NAME_FILE} is set, read from that file: only these, never a copy of the rest. */
    static Map<String, String> read(Map<String, String> variables, List<String> secrets, Consumer<String> problems) {
        Map<String, String> resolved = new HashMap<>();
        for (String name : secrets) {
            String fileVariable = name + SUFFIX;
            String path = variables.get(fileVariable);
            if (path == null) {
                continue;
            }
            if (variables.containsKey(name)) {
                problems.accept(name + " and " + fileVariable + " are both set; set only one");
            } else if (path.isBlank()) {
                problems.accept(fileVariable + " is set but empty");
            } else {
                path(fileVariable, path, problems)
                        .flatMap(file -> read(file, problem -> problems.accept(fileVariable + ": " + problem)))
                        .map(SecretFiles::withoutOneTrailingNewline)
                        .ifPresent(content -> resolved.put(name, content));
            }
        }
        return resolved;
    }

    /** The path a variable names, or empty after reporting that it is not one. */
    static Optional<Path> path(String variable, String text, Consumer<String> problems) {
        try {
            return Optional.of(Path.of(text.strip()));
        } catch (InvalidPathException e) {
            problems.accept(variable + " is not a valid path");
            return Optional.empty();
        }
    }

    /**
     * The text of a small configuration file, or empty after telling {@code problems} what is wrong
     * with it (in words that name the path, never the content). Blank content is a problem too.
     */
    static Optional<String> read(Path path, Consumer<String> problems) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            problems.accept(path + " does not exist");
            return Optional.empty();
        } catch (AccessDeniedException | SecurityException e) {
            problems.accept(path + " is not readable (permission denied)");
            return Optional.empty();
        } catch (IOException e) {
            // The message of these names the path and the reason, never what the file holds.
            problems.accept("cannot read " + path + ": " + e.getMessage());
            return Optional.empty();
        }
        if (bytes.length > MAX_BYTES) {
            problems.accept(path + " is larger than " + MAX_BYTES + " bytes");
            return Optional.empty();
        }
        String content;
        try {
            content = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            problems.accept(path + " is not UTF-8 text");
            return Optional.empty();
        }
        if (withoutOneTrailingNewline(content).isBlank()) {
            problems.accept(path + " is empty");
            return Optional.empty();
        }
        return Optional.of(content);
    }

    private static String withoutOneTrailingNewline(String content) {
        if (content.endsWith("\r\n")) {
            return content.substring(0, content.length() - 2);
        }
        return content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    }
}
