package io.usersync.support;

import com.unboundid.asn1.ASN1StreamReader;
import com.unboundid.ldap.protocol.LDAPMessage;
import com.unboundid.ldap.protocol.SearchResultDoneProtocolOp;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * A TCP proxy in front of a directory that reads the LDAP requests passing through it. A test can hold
 * the first request a predicate matches until it lets it go (to change the directory in the middle of a
 * run's read, or to act while a run waits on the directory), and refuse searches carrying a control (to
 * take a capability away from the service). Plain LDAP only: StartTLS would hide the requests.
 */
public final class LdapGate implements AutoCloseable {
    private final String host;
    private final int port;
    private final ServerSocket server;
    private final List<Hold> holds = new CopyOnWriteArrayList<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public LdapGate(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "ldap-gate-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** A request held at the gate: released by {@link #release}, or when the gate closes. */
    public static final class Hold {
        private final Predicate<LDAPMessage> which;
        private final AtomicBoolean taken = new AtomicBoolean();
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile LDAPMessage request;

        private Hold(Predicate<LDAPMessage> which) {
            this.which = which;
        }

        /** Waits until a request is held; false when none came within the time. */
        public boolean awaitHeld(Duration within) throws InterruptedException {
            return held.await(within.toMillis(), TimeUnit.MILLISECONDS);
        }

        public LDAPMessage request() {
            return request;
        }

        public void release() {
            released.countDown();
        }
    }

    /** Holds the next request {@code which} matches, on whichever connection it comes. */
    public Hold holdNext(Predicate<LDAPMessage> which) {
        Hold h = new Hold(which);
        holds.add(h);
        return h;
    }

    /** Answers every search carrying this control with unavailableCriticalExtension, as a server without it would. */
    public void refuseControl(String oid) {
        refused.add(oid);
    }

    /** A predicate for a search whose base DN is this one (compared case-insensitively, as typed). */
    public static Predicate<LDAPMessage> searchBelow(String baseDn) {
        return m -> m.getProtocolOpType() == LDAPMessage.PROTOCOL_OP_TYPE_SEARCH_REQUEST
                && m.getSearchRequestProtocolOp().getBaseDN().equalsIgnoreCase(baseDn);
    }

    /** A predicate for a search whose filter mentions this text (e.g. an attribute name). */
    public static Predicate<LDAPMessage> searchFilterMentions(String text) {
        return m -> m.getProtocolOpType() == LDAPMessage.PROTOCOL_OP_TYPE_SEARCH_REQUEST
                && m.getSearchRequestProtocolOp()
                        .getFilter()
                        .toString()
                        .toLowerCase()
                        .contains(text.toLowerCase());
    }

    /** A paged search of the whole subtree for this kind of entry (not the base search that tells a group selection). */
    public static Predicate<LDAPMessage> subtreeSearchFor(String objectClass) {
        return m -> searchFilterMentions(objectClass).test(m)
                && m.getSearchRequestProtocolOp().getScope() == SearchScope.SUB;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(host, port);
                sockets.add(client);
                sockets.add(upstream);
                Object clientWrites = new Object();
                start(
                        "ldap-gate-up",
                        () -> requests(
                                client.getInputStream(),
                                upstream.getOutputStream(),
                                client.getOutputStream(),
                                clientWrites));
                start("ldap-gate-down", () -> copy(upstream.getInputStream(), client.getOutputStream(), clientWrites));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("ldap gate: " + e);
                }
            }
        }
    }

    private interface Pump {
        void run() throws IOException, InterruptedException;
    }

    private static void start(String name, Pump pump) {
        Thread t = new Thread(
                () -> {
                    try {
                        pump.run();
                    } catch (IOException | InterruptedException e) {
                        // a side closed: the connection ends
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
    }

    private void requests(InputStream in, OutputStream up, OutputStream down, Object downWrites)
            throws IOException, InterruptedException {
        while (true) {
            byte[] bytes = readElement(in);
            LDAPMessage m;
            try {
                m = LDAPMessage.readFrom(new ASN1StreamReader(new ByteArrayInputStream(bytes)), true);
            } catch (LDAPException e) {
                up.write(bytes);
                up.flush();
                continue;
            }
            if (m.getProtocolOpType() == LDAPMessage.PROTOCOL_OP_TYPE_SEARCH_REQUEST && carriesRefused(m)) {
                byte[] done = new LDAPMessage(
                                m.getMessageID(),
                                new SearchResultDoneProtocolOp(new LDAPResult(
                                        m.getMessageID(),
                                        ResultCode.UNAVAILABLE_CRITICAL_EXTENSION,
                                        "not offered here",
                                        null,
                                        (String[]) null,
                                        (Control[]) null)))
                        .encode()
                        .encode();
                synchronized (downWrites) {
                    down.write(done);
                    down.flush();
                }
                continue;
            }
            for (Hold h : holds) {
                if (!h.taken.get() && !closed && h.which.test(m) && h.taken.compareAndSet(false, true)) {
                    h.request = m;
                    h.held.countDown();
                    h.released.await();
                }
            }
            up.write(bytes);
            up.flush();
        }
    }

    private boolean carriesRefused(LDAPMessage m) {
        for (Control c : m.getControls()) {
            if (refused.contains(c.getOID())) {
                return true;
            }
        }
        return false;
    }

    private static void copy(InputStream in, OutputStream out, Object writes) throws IOException {
        byte[] buf = new byte[65536];
        int n;
        while ((n = in.read(buf)) >= 0) {
            synchronized (writes) {
                out.write(buf, 0, n);
                out.flush();
            }
        }
        out.close();
    }

    /** One BER element (an LDAP message): tag, length, content. */
    private static byte[] readElement(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int tag = in.read();
        if (tag < 0) {
            throw new EOFException();
        }
        out.write(tag);
        int first = next(in);
        out.write(first);
        long length = first;
        if ((first & 0x80) != 0) {
            length = 0;
            for (int i = 0; i < (first & 0x7f); i++) {
                int b = next(in);
                out.write(b);
                length = (length << 8) | b;
            }
        }
        out.write(in.readNBytes((int) length));
        return out.toByteArray();
    }

    private static int next(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        for (Hold h : holds) {
            h.release();
        }
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
