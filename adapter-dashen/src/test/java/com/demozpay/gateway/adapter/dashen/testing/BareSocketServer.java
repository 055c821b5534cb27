package com.demozpay.gateway.adapter.dashen.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain TCP server on loopback that misbehaves in ways no HTTP server library will: it can close
 * a connection as soon as it is accepted, read a whole HTTP request and then reset the connection
 * without a word, or read it and never answer.
 */
public final class BareSocketServer implements AutoCloseable {

    public enum Behaviour {
        CLOSE_ON_ACCEPT, RESET_AFTER_READING_REQUEST, HOLD_AFTER_READING_REQUEST,
        /** Answers 202 with headers announcing a body, sends a few bytes of it, and then nothing more. */
        STALL_IN_THE_BODY
    }

    private final ServerSocket server;
    private final Behaviour behaviour;
    private final AtomicInteger requestsRead = new AtomicInteger();
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    private BareSocketServer(Behaviour behaviour) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.behaviour = behaviour;
        Thread acceptor = new Thread(this::acceptLoop, "bare-socket-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static BareSocketServer start(Behaviour behaviour) throws IOException {
        return new BareSocketServer(behaviour);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Complete HTTP requests (headers and body) read so far: proof that the request did leave the client. */
    public int requestsRead() {
        return requestsRead.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : held) {
            socket.close();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                held.add(socket);
                Thread handler = new Thread(() -> handle(socket), "bare-socket-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void handle(Socket socket) {
        try {
            if (behaviour == Behaviour.CLOSE_ON_ACCEPT) {
                socket.close();
                return;
            }
            readRequest(socket.getInputStream());
            requestsRead.incrementAndGet();
            if (behaviour == Behaviour.RESET_AFTER_READING_REQUEST) {
                socket.setSoLinger(true, 0); // close with RST instead of FIN
                socket.close();
            }
            if (behaviour == Behaviour.STALL_IN_THE_BODY) {
                socket.getOutputStream().write(("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100\r\n\r\n{\"transfer").getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
            }
        } catch (IOException e) {
            // the client went away first
        }
    }

    private static void readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before the end of the headers");
            }
            head.write(b);
        }
        int length = head.toString(StandardCharsets.ISO_8859_1).lines()
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .map(line -> Integer.parseInt(line.substring("content-length:".length()).trim()))
                .findFirst().orElse(0);
        in.readNBytes(length);
    }
}
