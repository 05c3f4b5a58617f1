package dev.flightdeck.stack.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/** The lines of a file from a byte offset on, each with the offset after it. */
final class LogLines {

    private static final int BUFFER = 64 * 1024;

    private final FileChannel file;
    private final long end;
    private final boolean completeLinesOnly;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private long readTo;
    private long position;

    /**
     * @param completeLinesOnly leave out a last line without its newline (still being written)
     */
    LogLines(FileChannel file, long from, long end, boolean completeLinesOnly) {
        this.file = file;
        this.end = end;
        this.completeLinesOnly = completeLinesOnly;
        this.readTo = from;
        this.position = from;
        buffer.flip();
    }

    /** Skips to the start of the next line: from the middle of a file, the first bytes are the end of another line. */
    LogLines skipPartialLine() throws IOException {
        if (position > 0) {
            next();
        }
        return this;
    }

    /** The offset just after the last line returned. */
    long position() {
        return position;
    }

    /** The next line without its line break, or null at the end. */
    String next() throws IOException {
        line.reset();
        long consumed = 0;
        while (true) {
            if (!buffer.hasRemaining()) {
                buffer.clear();
                int read = readTo < end ? file.read(buffer.limit((int) Math.min(BUFFER, end - readTo)), readTo) : -1;
                buffer.flip();
                if (read <= 0) {
                    if (line.size() == 0 || completeLinesOnly) {
                        return null;
                    }
                    position += consumed;
                    return text();
                }
                readTo += read;
            }
            byte b = buffer.get();
            consumed++;
            if (b == '\n') {
                position += consumed;
                return text();
            }
            line.write(b);
        }
    }

    private String text() {
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
