package dev.seqconv.spark;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the {@code N} tasks of a barrier stage attempt learn each other's addresses, on the driver: each task
 * connects, tells its stage attempt, its index and its address, and gets back all {@code N} addresses in task order
 * once the {@code N}th of its attempt has come. It replaces the barrier's {@code allGather}, which polls once a
 * second (about a second per segment, measured). Tasks of a failed attempt that never completes are answered by
 * the closing of their connection.
 */
final class Rendezvous implements AutoCloseable {

    private final int tasks;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Map<Integer, Socket[]> waiting = new HashMap<>();
    private final Map<Integer, String[]> addresses = new HashMap<>();

    /** Opens the rendezvous of {@code tasks} tasks on {@code host} (the driver's, as executors reach it). */
    Rendezvous(String host, int tasks) {
        this.tasks = tasks;
        try {
            this.server = new ServerSocket(0, tasks, InetAddress.getByName(host));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the barrier tasks' rendezvous on the driver's host " + host, e);
        }
        this.acceptor = new Thread(this::acceptAll, "seqconv-rendezvous");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code host:port}, for the tasks. */
    String address() {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                try {
                    socket.setSoTimeout(10_000);
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    register(in.readInt(), in.readInt(), in.readUTF(), socket);
                } catch (IOException | RuntimeException e) {
                    socket.close();
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    private synchronized void register(int attempt, int task, String address, Socket socket) throws IOException {
        if (task < 0 || task >= tasks) {
            throw new IOException("task " + task + " of " + tasks);
        }
        Socket[] sockets = waiting.computeIfAbsent(attempt, a -> new Socket[tasks]);
        String[] known = addresses.computeIfAbsent(attempt, a -> new String[tasks]);
        if (sockets[task] != null) {
            sockets[task].close();
        }
        sockets[task] = socket;
        known[task] = address;
        for (Socket s : sockets) {
            if (s == null) {
                return;
            }
        }
        waiting.remove(attempt);
        addresses.remove(attempt);
        for (Socket s : sockets) {
            try (s) {
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                for (String a : known) {
                    out.writeUTF(a);
                }
                out.flush();
            } catch (IOException e) {
                // that task is gone; its attempt fails on its own
            }
        }
    }

    /**
     * Task {@code task} of stage attempt {@code attempt}: tells the rendezvous at {@code rendezvous} its
     * {@code address} and waits at most {@code timeout} for all {@code tasks} addresses, in task order.
     */
    static String[] join(String rendezvous, int attempt, int task, int tasks, String address, Duration timeout) {
        int colon = rendezvous.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(rendezvous.substring(0, colon),
                    Integer.parseInt(rendezvous.substring(colon + 1))), Math.toIntExact(timeout.toMillis()));
            socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(attempt);
            out.writeInt(task);
            out.writeUTF(address);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String[] all = new String[tasks];
            for (int i = 0; i < tasks; i++) {
                all[i] = in.readUTF();
            }
            return all;
        } catch (SocketTimeoutException e) {
            throw new UncheckedIOException("Task " + task + " waited " + timeout.toSeconds() + " s at the driver's "
                    + "rendezvous " + rendezvous + " for the other tasks of its barrier stage", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Task " + task + " could not learn the other tasks' addresses at the "
                    + "driver's rendezvous " + rendezvous + ": " + e.getMessage() + ". The executors must reach the "
                    + "driver on any TCP port of its host", e);
        }
    }

    /** Stops accepting; tasks still waiting see their connection close. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing on the way out
        }
        synchronized (this) {
            waiting.values().forEach(sockets -> {
                for (Socket s : sockets) {
                    if (s != null) {
                        try {
                            s.close();
                        } catch (IOException ignored) {
                            // best effort
                        }
                    }
                }
            });
            waiting.clear();
        }
    }
}
