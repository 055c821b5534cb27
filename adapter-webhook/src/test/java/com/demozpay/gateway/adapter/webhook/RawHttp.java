package com.demozpay.gateway.adapter.webhook;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client on a plain socket, for the cases where the test must control every byte: chunked
 * bodies, bodies cut short, headers never finished.
 */
final class RawHttp implements Closeable {

    record Response(int status, Map<String, String> headers, String body) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawHttp(int port, Duration soTimeout) throws IOException {
        this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout((int) soTimeout.toMillis());
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /** A request head for {@code path} with {@code headers}, ending with the blank line. */
    static String head(String method, String path, Map<String, String> headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString();
    }

    RawHttp write(String text) throws IOException {
        return write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawHttp write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Writes {@code body} in chunked encoding, {@code chunkSize} bytes a chunk, then the last chunk. */
    RawHttp writeChunked(byte[] body, int chunkSize) throws IOException {
        for (int from = 0; from < body.length; from += chunkSize) {
            writeChunk(body, from, Math.min(chunkSize, body.length - from));
        }
        return write("0\r\n\r\n");
    }

    RawHttp writeChunk(byte[] data, int from, int length) throws IOException {
        ByteArrayOutputStream chunk = new ByteArrayOutputStream(length + 16);
        chunk.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        chunk.write(data, from, length);
        chunk.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return write(chunk.toByteArray());
    }

    /** Reads one response: status line, headers, and a body of {@code Content-Length} bytes. */
    Response readResponse() throws IOException {
        String statusLine = readLine();
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new Response(status, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    /**
     * Whether the server closed the connection: end of stream or a reset. A read that merely times out
     * (the server kept the connection open) answers false.
     */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("connection closed before the response was complete");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
