package io.usersync.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy that slows what the server sends on the connections it accepts while
 * throttling is on; connections accepted after {@link #throttleNewConnections(boolean) false} run at
 * full speed, those already open stay slow. The slow-directory fixture of the shutdown tests.
 */
public final class ThrottlingProxy implements AutoCloseable {
    private final ServerSocket socket;
    private final int targetPort;
    private final int bytesPerSecond;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean throttleNew = true;

    public ThrottlingProxy(int targetPort, int bytesPerSecond) throws IOException {
        this.targetPort = targetPort;
        this.bytesPerSecond = bytesPerSecond;
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "throttling-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    public void throttleNewConnections(boolean on) {
        throttleNew = on;
    }

    private void accept() {
        try {
            while (true) {
                Socket client = socket.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(server);
                boolean slow = throttleNew;
                pump(client, server, 0);
                pump(server, client, slow ? bytesPerSecond : 0);
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void pump(Socket from, Socket to, int rate) {
        Thread t = new Thread(
                () -> {
                    // twenty slices a second when throttled
                    byte[] buffer = new byte[rate > 0 ? Math.max(1, rate / 20) : 16384];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            out.write(buffer, 0, n);
                            out.flush();
                            if (rate > 0) {
                                Thread.sleep(n * 1000L / rate);
                            }
                        }
                    } catch (IOException | InterruptedException e) {
                        // either side closed
                    } finally {
                        try {
                            from.close();
                            to.close();
                        } catch (IOException e) {
                            // already closed
                        }
                    }
                },
                "throttling-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
