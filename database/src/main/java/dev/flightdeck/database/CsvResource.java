package dev.flightdeck.database;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A comma-separated classpath resource: a header line naming the columns, then one record per
 * line. Blank lines and lines starting with {@code #} are skipped. Values cannot contain commas
 * or quotes, which keeps the seed files readable and the parser obvious.
 */
final class CsvResource {

    /** One record, with its line number so that bad values can be reported precisely. */
    record Row(String resource, int line, List<String> header, List<String> values) {

        String get(String column) {
            int index = header.indexOf(column);
            if (index < 0) {
                throw new IllegalArgumentException(resource + " has no column " + column);
            }
            return values.get(index);
        }

        int getInt(String column) {
            try {
                return Integer.parseInt(get(column));
            } catch (NumberFormatException e) {
                throw invalid(column, "is not a whole number");
            }
        }

        double getDouble(String column) {
            try {
                return Double.parseDouble(get(column));
            } catch (NumberFormatException e) {
                throw invalid(column, "is not a number");
            }
        }

        IllegalStateException invalid(String column, String problem) {
            return new IllegalStateException(
                    resource + " line " + line + ": " + column + " '" + get(column) + "' " + problem);
        }
    }

    private CsvResource() {
    }

    static List<Row> read(String resource, String... expectedHeader) {
        List<String> header = List.of(expectedHeader);
        try (InputStream in = CsvResource.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Row> rows = new ArrayList<>();
            boolean headerSeen = false;
            int lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> values = Arrays.stream(line.split(",", -1)).map(String::strip).toList();
                if (!headerSeen) {
                    if (!values.equals(header)) {
                        throw new IllegalStateException(resource + " line " + lineNumber
                                + ": expected header " + String.join(",", header) + " but found " + line);
                    }
                    headerSeen = true;
                } else if (values.size() != header.size()) {
                    throw new IllegalStateException(resource + " line " + lineNumber + ": expected "
                            + header.size() + " fields but found " + values.size());
                } else {
                    rows.add(new Row(resource, lineNumber, header, values));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource, e);
        }
    }

    /** The non-blank, non-comment lines of a plain list resource such as a list of names. */
    static List<String> readLines(String resource) {
        try (InputStream in = CsvResource.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the classpath");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource, e);
        }
    }
}
