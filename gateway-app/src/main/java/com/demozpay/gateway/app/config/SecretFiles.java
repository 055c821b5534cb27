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

    /** {@code variables} with each secret read from its file where {@code NAME_FILE} is set. */
    static Map<String, String> resolve(Map<String, String> variables, List<String> secrets, Consumer<String> problems) {
        Map<String, String> resolved = new HashMap<>(variables);
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
                String problem = read(path.strip(), content -> resolved.put(name, content));
                if (problem != null) {
                    problems.accept(fileVariable + ": " + problem);
                }
            }
        }
        return resolved;
    }

    /** Hands the content to {@code into}, or returns what is wrong with the file. */
    private static String read(String path, Consumer<String> into) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            return path + " does not exist";
        } catch (AccessDeniedException | SecurityException e) {
            return path + " is not readable (permission denied)";
        } catch (IOException | InvalidPathException e) {
            // The message of these names the path and the reason, never what the file holds.
            return "cannot read " + path + ": " + e.getMessage();
        }
        if (bytes.length > MAX_BYTES) {
            return path + " is larger than " + MAX_BYTES + " bytes";
        }
        String content;
        try {
            content = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return path + " is not UTF-8 text";
        }
        content = withoutOneTrailingNewline(content);
        if (content.isBlank()) {
            return path + " is empty";
        }
        into.accept(content);
        return null;
    }

    private static String withoutOneTrailingNewline(String content) {
        if (content.endsWith("\r\n")) {
            return content.substring(0, content.length() - 2);
        }
        return content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    }
}
