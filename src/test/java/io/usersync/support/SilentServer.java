package io.usersync.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback server that accepts connections and never says a word: the TIMEOUT and hung-run fixture. */
public final class SilentServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    public SilentServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(
                () -> {
                    try {
                        while (true) {
                            held.add(socket.accept());
                        }
                    } catch (IOException e) {
                        // closed
                    }
                },
                "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : held) {
            s.close();
        }
    }
}
