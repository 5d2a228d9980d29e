package dev.plinth.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sends a JSON answer in one piece, with its {@code Content-Length}, instead of as a chunked stream.
 * <p>
 * Spring MVC flushes the response as soon as a message converter has written the body, which
 * commits it: Tomcat then sends the headers and the body as a chunk at once, and the terminating
 * chunk in a second write when the request ends — after the filters behind the handler (the audit
 * entry of a write) are done. Ignoring those flushes while the body is JSON lets Tomcat see the
 * whole body at the end and send it, with its length, in one write. A body larger than Tomcat's
 * response buffer still goes out as the buffer fills. Anything else — a server-sent event stream
 * above all, whose every flush must reach the client — is flushed as asked.
 */
final class JsonFlushDeferringFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new DeferredFlushResponse(response));
    }

    /** A response whose flushes wait for the end of the request while its content type is JSON. */
    static final class DeferredFlushResponse extends HttpServletResponseWrapper {

        private ServletOutputStream wrapped;
        private ServletOutputStream stream;

        DeferredFlushResponse(HttpServletResponse response) {
            super(response);
        }

        /** {@code application/json}, {@code application/problem+json} and other {@code +json} types. */
        boolean deferring() {
            String type = getContentType();
            if (type == null) {
                return false;
            }
            try {
                // Parsed types are cached by Spring, so a flush does not parse the same header again.
                MimeType media = MimeTypeUtils.parseMimeType(type);
                return "json".equals(media.getSubtype()) || "json".equals(media.getSubtypeSuffix());
            } catch (InvalidMimeTypeException unparsable) {
                return false;
            }
        }

        @Override
        public void flushBuffer() throws IOException {
            if (!deferring()) {
                super.flushBuffer();
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            ServletOutputStream out = super.getOutputStream();
            if (out != wrapped) {
                wrapped = out;
                stream = new DeferredFlushStream(out, this);
            }
            return stream;
        }
    }

    private static final class DeferredFlushStream extends ServletOutputStream {

        private final ServletOutputStream out;
        private final DeferredFlushResponse response;

        DeferredFlushStream(ServletOutputStream out, DeferredFlushResponse response) {
            this.out = out;
            this.response = response;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            if (!response.deferring()) {
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
