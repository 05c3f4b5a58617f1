package dev.flightdeck.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query of a request, split and decoded strictly: a {@code %} must start two hex digits, the
 * bytes must be UTF-8, and there may be at most a limited number of parameters. {@code +} is a
 * space, as browsers write forms.
 */
final class QueryString {

    private QueryString() {
    }

    static Map<String, List<String>> parse(String rawQuery, int maxParameters) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        int count = 0;
        for (int i = 0; i < rawQuery.length(); i++) {
            if (rawQuery.charAt(i) == '&') {
                count++;
            }
        }
        if (count + 1 > maxParameters) {
            throw new MalformedRequestException(400, "too many query parameters (at most " + maxParameters + ")");
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String encoded) {
        if (encoded.indexOf('%') < 0 && encoded.indexOf('+') < 0) {
            return encoded;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                int high = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(encoded.charAt(i + 2), 16);
                if (low < 0) {
                    throw new MalformedRequestException(400, "the query has a '%' that does not start a %XX escape");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c > 0x7f) {
                throw new MalformedRequestException(400, "the query has a character that is not percent-encoded");
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedRequestException(400, "the query's escapes are not UTF-8");
        }
    }
}
