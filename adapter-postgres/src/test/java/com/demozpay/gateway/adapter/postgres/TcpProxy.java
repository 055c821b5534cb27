package com.demozpay.gateway.adapter.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder from an ephemeral loopback port to a server, which a test can {@link #cut()} (the
 * server "goes away": open connections drop and new ones are refused) and {@link #restore()} on the
 * same port, or {@link #stall()} (connections stay open, nothing moves either way, as in a network
 * partition or a frozen server) and {@link #resume()}, without touching a server that others share.
 */
public final class TcpProxy implements AutoCloseable {

    /** Where the proxy listens; {@link TestDatabase#urlThrough} connects there. */
    static final String LOOPBACK = "127.0.0.1";

    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private boolean stalled;
    private int port;
    private ServerSocket listener;

    private TcpProxy(InetSocketAddress target) {
        this.target = target;
    }

    public static TcpProxy start(String host, int port) {
        TcpProxy proxy = new TcpProxy(new InetSocketAddress(host, port));
        proxy.listen();
        return proxy;
    }

    public int port() {
        return port;
    }

    /** Closes the listener and every forwarded connection. */
    public synchronized void cut() {
        closeQuietly(listener);
        listener = null;
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
        resume(); // bytes held by a stall now meet closed sockets and go nowhere
    }

    /** Holds every byte in both directions, connections left open, until {@link #resume()}. */
    public void stall() {
        synchronized (gate) {
            stalled = true;
        }
    }

    /** Lets the held bytes and all later ones through again. */
    public void resume() {
        synchronized (gate) {
            stalled = false;
            gate.notifyAll();
        }
    }

    /** Listens again on the same port. */
    public synchronized void restore() {
        if (listener == null) {
            listen();
        }
    }

    @Override
    public void close() {
        cut();
    }

    private synchronized void listen() {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(LOOPBACK, port));
            port = server.getLocalPort();
            listener = server;
            daemon("proxy-accept-" + port, () -> accept(server));
        } catch (IOException e) {
            throw new UncheckedIOException("proxy could not listen on port " + port, e);
        }
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                forward(server.accept());
            } catch (IOException e) {
                // The listener was cut.
            }
        }
    }

    private void forward(Socket client) {
        Socket upstream = new Socket();
        sockets.add(client);
        sockets.add(upstream);
        try {
            upstream.connect(target, 2_000);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(upstream);
            return;
        }
        daemon("proxy-up-" + port, () -> pump(client, upstream));
        daemon("proxy-down-" + port, () -> pump(upstream, client));
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                awaitFlowing();
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // Either side closed.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private void awaitFlowing() throws InterruptedException {
        synchronized (gate) {
            while (stalled) {
                gate.wait();
            }
        }
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Closing what is already broken.
            }
        }
    }
}
