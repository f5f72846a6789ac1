package io.usersync.lab;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway DNS server (dnsmasq) on 127.0.0.1 and a free port, UDP and TCP, that answers only from the records
 * it is given: every other name is NXDOMAIN at once, and nothing is forwarded anywhere. Records are dnsmasq options,
 * e.g. {@code --srv-host=_ldap._tcp.dc._msdcs.corp.lab,dc1.corp.lab,3389,0,100} (name, target, port, priority,
 * weight) and {@code --host-record=dc1.corp.lab,127.0.0.1}; {@link #srv} and {@link #host} write them.
 */
public final class LabDns implements AutoCloseable {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Path DNSMASQ = Path.of("/usr/sbin/dnsmasq");

    private final int port;
    private final Path log;
    private Process process;

    private LabDns(int port, Path log, Process process) {
        this.port = port;
        this.log = log;
        this.process = process;
    }

    public static String srv(String name, String target, int port, int priority, int weight) {
        return "--srv-host=" + name + "," + target + "," + port + "," + priority + "," + weight;
    }

    public static String host(String name, String address) {
        return "--host-record=" + name + "," + address;
    }

    /** Starts dnsmasq with {@code records} (any dnsmasq options) and returns once it answers over UDP. */
    public static LabDns start(List<String> records) {
        LabServer.ensurePackages(true);
        IllegalStateException last = null;
        // a port free when picked may be taken before dnsmasq binds it: dnsmasq then exits, and a fresh one is tried
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freeUdpAndTcpPort();
            try {
                Path log = Files.createTempFile("usersync-dnsmasq", ".log");
                LabDns dns = new LabDns(port, log, launch(port, log, records));
                Runtime.getRuntime().addShutdownHook(new Thread(dns::close));
                return dns;
            } catch (IllegalStateException e) {
                last = e;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        throw last;
    }

    /** "127.0.0.1:PORT", as a resolver address. */
    public String address() {
        return LOOPBACK.getHostAddress() + ":" + port;
    }

    public int port() {
        return port;
    }

    /** What dnsmasq logged: its start and every query with the answer given. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Serves {@code records} instead, on the same address: dnsmasq reads records given as options only at start.
     * Fails if the port was taken in between.
     */
    public synchronized void replaceRecords(List<String> records) {
        stopProcess();
        process = launch(port, log, records);
    }

    @Override
    public synchronized void close() {
        stopProcess();
    }

    private void stopProcess() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private static Process launch(int port, Path log, List<String> records) {
        List<String> command = new ArrayList<>(List.of(
                // /usr/sbin is not on every PATH
                Files.isExecutable(DNSMASQ) ? DNSMASQ.toString() : "dnsmasq",
                "--keep-in-foreground",
                // no /etc/dnsmasq.conf, no /etc/hosts, no resolv.conf and so no upstream server: only the records
                "--conf-file=/dev/null",
                "--no-hosts",
                "--no-resolv",
                // every name is local: what no record names is NXDOMAIN, where dnsmasq without upstream says REFUSED
                "--local=/#/",
                // no pid file: the default one is shared by every dnsmasq on the machine
                "--pid-file",
                "--listen-address=" + LOOPBACK.getHostAddress(),
                "--bind-interfaces",
                "--port=" + port,
                "--log-facility=-",
                "--log-queries"));
        command.addAll(records);
        Process p;
        try {
            p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run dnsmasq: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException(
                        "dnsmasq exited (" + p.exitValue() + ") on port " + port + ":\n" + tail(log));
            }
            if (answers(port)) {
                return p;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("dnsmasq did not answer on port " + port + ":\n" + tail(log));
    }

    /** A DNS answer to a query over UDP (the socket may be bound before dnsmasq reads from it) and a TCP listener. */
    private static boolean answers(int port) {
        // id 0x4c44, recursion desired, one question: lab.invalid. IN A
        byte[] query = {
            0x4c, 0x44, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'l', 'a', 'b', 7, 'i', 'n', 'v', 'a', 'l', 'i', 'd', 0,
            0, 1, 0, 1
        };
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(200);
            s.send(new DatagramPacket(query, query.length, LOOPBACK, port));
            DatagramPacket answer = new DatagramPacket(new byte[512], 512);
            s.receive(answer);
            if (answer.getLength() < 2 || answer.getData()[0] != 0x4c || answer.getData()[1] != 0x44) {
                return false;
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
        try (Socket t = new Socket()) {
            t.connect(new InetSocketAddress(LOOPBACK, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freeUdpAndTcpPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, LOOPBACK);
                    DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, tcp.getLocalPort()))) {
                return tcp.getLocalPort();
            } catch (IOException e) {
                // UDP taken on that port: another
            }
        }
        throw new IllegalStateException("no loopback port free for both UDP and TCP");
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
