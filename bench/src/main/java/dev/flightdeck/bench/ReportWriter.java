package dev.flightdeck.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.flightdeck.ops.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * One benchmark run's report under .flightdeck/bench/: {@code NAME-STAMP.json} and
 * {@code NAME-STAMP.md}, and any file beside them (a chart) under the same stamp.
 */
final class ReportWriter {

    private final Path dir;
    private final String name;
    private final String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));

    ReportWriter(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    /** {@code NAME-WHAT-STAMP.EXTENSION}, for a file the benchmark writes itself. */
    Path beside(String what, String extension) throws IOException {
        Files.createDirectories(dir);
        return dir.resolve(name + "-" + what + "-" + stamp + "." + extension);
    }

    /** Writes the report as JSON and the Markdown, prints the Markdown and where both are. */
    void write(Object report, String markdown, Progress console) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve(name + "-" + stamp + ".json");
        // Not findAndRegisterModules(): it picks up Afterburner from the classpath, which cannot read private records.
        new ObjectMapper().registerModule(new JavaTimeModule()).enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
        Path md = dir.resolve(name + "-" + stamp + ".md");
        Files.writeString(md, markdown);
        console.note("\n" + markdown + "\nReports: " + json + " and " + md);
    }
}
