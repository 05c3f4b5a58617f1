package dev.flightdeck.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.avro.Schema;

/**
 * The read side of the Confluent Schema Registry REST API that consumers need: a schema by id.
 * Any registry speaking that API works (Confluent's, Apicurio's {@code /apis/ccompat/v7}).
 */
public final class SchemaRegistryClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    /** @param baseUrl the Confluent API root, e.g. {@code http://127.0.0.1:8081/apis/ccompat/v7} */
    public SchemaRegistryClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public Schema schema(int id) {
        JsonNode body = get("/schemas/ids/" + id, "schema id " + id);
        return new Schema.Parser().parse(body.get("schema").asText());
    }

    private JsonNode get(String path, String what) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                throw new InvalidWireFormatException(what + " is not in the registry at " + baseUrl);
            }
            if (response.statusCode() != 200) {
                throw new RegistryUnavailableException("GET " + baseUrl + path + " answered HTTP " + response.statusCode()
                        + ": " + response.body(), null);
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new RegistryUnavailableException("the schema registry at " + baseUrl + " is unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while asking the registry for " + what, e);
        }
    }
}
