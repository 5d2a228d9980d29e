import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The benchmarks' load requests: plain HTTP/1.1 over one kept-alive socket per client thread, the
 * way load generators such as wrk send them — a request is one write of its head and body, an
 * answer is read by its {@code Content-Length} (or its chunks). The client shares the two CPUs with
 * Plinth, so every microsecond it spends is taken from the server it measures: per memory append it
 * costs about a third of the CPU of the JDK's {@code HttpURLConnection} (which in turn cost a third
 * of the asynchronous {@code HttpClient}'s).
 */
final class KeptAlive {

    /** A status and body. */
    record Answer(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * Idle kept-alive connections. A request takes one (or opens one) and puts it back once it has
     * read the whole answer, so each client thread in flight holds its own, and the threads of the
     * next phase reuse them. Every request of a benchmark goes to the one Plinth it started, so the
     * connections are not told apart by server.
     */
    private static final ConcurrentLinkedDeque<Connection> IDLE = new ConcurrentLinkedDeque<>();

    private KeptAlive() {
    }

    /** Sends one request, with a JSON body unless {@code json} is null, and reads the whole answer. */
    static Answer send(String method, String url, String authorization, String json) throws IOException {
        URI uri = URI.create(url);
        String target = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
        byte[] body = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                .append("Authorization: ").append(authorization).append("\r\n")
                .append("Accept: application/json\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
        Connection connection = IDLE.pollFirst();
        boolean reused = connection != null;
        if (!reused) {
            connection = new Connection(uri);
        }
        try {
            connection.send(headBytes, body);
        } catch (IOException stale) {
            connection.close();
            if (!reused) {
                throw stale;
            }
            // An idle kept-alive connection the server had closed (its keep-alive timeout) answers
            // nothing: send again on a new one.
            connection = new Connection(uri);
            connection.send(headBytes, body);
        }
        Answer answer;
        try {
            answer = connection.answer();
        } catch (IOException failure) {
            connection.close();
            throw failure;
        }
        if (connection.open()) {
            IDLE.offerFirst(connection);
        }
        return answer;
    }

    private static final class Connection {

        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Connection(URI uri) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
            // Head and body leave in one write.
            out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        }

        boolean open() {
            return !socket.isClosed();
        }

        /** Writes the request and waits for the first byte of its answer (so a closed connection shows here). */
        void send(byte[] head, byte[] body) throws IOException {
            out.write(head);
            if (body != null) {
                out.write(body);
            }
            out.flush();
            in.mark(1);
            if (in.read() < 0) {
                throw new EOFException("The server closed the connection");
            }
            in.reset();
        }

        Answer answer() throws IOException {
            String statusLine = line();
            if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.1 ")) {
                throw new IOException("Not an HTTP/1.1 answer: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> {
                    }
                }
            }
            byte[] body;
            if (chunked) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (int size = chunkSize(); size > 0; size = chunkSize()) {
                    all.write(exactly(size));
                    line();
                }
                for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                    // trailers are not used
                }
                body = all.toByteArray();
            } else if (length >= 0) {
                body = exactly((int) length);
            } else {
                body = in.readAllBytes();
                close = true;
            }
            if (close) {
                close();
            }
            return new Answer(status, body);
        }

        private int chunkSize() throws IOException {
            String size = line();
            int extension = size.indexOf(';');
            return Integer.parseInt((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
        }

        private byte[] exactly(int length) throws IOException {
            byte[] bytes = in.readNBytes(length);
            if (bytes.length < length) {
                throw new EOFException("The connection closed " + (length - bytes.length) + " bytes before the end");
            }
            return bytes;
        }

        /** One header line without its CRLF (ISO-8859-1, as HTTP header bytes are). */
        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("The connection closed in the middle of an answer");
                }
                if (b == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                line.append((char) b);
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection that is gone anyway
            }
        }
    }
}
