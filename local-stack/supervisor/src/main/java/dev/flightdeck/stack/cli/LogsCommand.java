package dev.flightdeck.stack.cli;

import dev.flightdeck.stack.ServiceId;
import dev.flightdeck.stack.process.ServiceProcess;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(mixinStandardHelpOptions = true, name = "logs", description = "Prints the end of a service's log; --follow keeps printing as it grows.")
public final class LogsCommand extends StackCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SERVICE", completionCandidates = ServiceNames.class, description = "One of: ${COMPLETION-CANDIDATES}.")
    String service;

    @Option(names = {"-n", "--lines"}, defaultValue = "50", description = "How many lines from the end (default: ${DEFAULT-VALUE}).")
    int lines;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted.")
    boolean follow;

    @Override
    public Integer call() throws IOException, InterruptedException {
        ServiceId id = ServiceId.parse(service);
        Path log = stack().layout().logFile(id);
        if (!Files.exists(log)) {
            throw new IllegalArgumentException(id + " has no log yet (" + log + "); start it with ./flightdeck up");
        }
        dev.flightdeck.stack.process.ServiceProcess.tail(log, lines).forEach(System.out::println);
        if (!follow) {
            return 0;
        }
        long position = Files.size(log);
        while (true) {
            long size = Files.size(log);
            if (size < position) {
                position = 0; // rotated or truncated
            }
            if (size > position) {
                try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
                    file.seek(position);
                    byte[] bytes = new byte[(int) Math.min(size - position, 1 << 20)];
                    file.readFully(bytes);
                    System.out.print(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
                    System.out.flush();
                    position += bytes.length;
                }
            } else {
                Thread.sleep(200);
            }
        }
    }
}
