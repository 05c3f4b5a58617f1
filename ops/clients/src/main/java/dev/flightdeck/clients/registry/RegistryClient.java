package dev.flightdeck.clients.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flightdeck.cdc.ConfluentAvroDecoder;
import dev.flightdeck.cdc.InvalidWireFormatException;
import dev.flightdeck.cdc.RegistryUnavailableException;
import dev.flightdeck.clients.BasicCredentials;
import dev.flightdeck.clients.EndpointException;
import dev.flightdeck.clients.JsonHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The schema registry through its Confluent-compatible REST API, which Confluent's registry and
 * Apicurio's ({@code /apis/ccompat/v7}) both serve: writer schemas by id, subjects and their
 * versions, compatibility checks and rules. A subject's own rule on Apicurio goes through its v3
 * API, because its ccompat API accepts removing one but keeps it.
 */
public final class RegistryClient {

    private static final String SCHEMA_JSON = "application/vnd.schemaregistry.v1+json";
    private static final String APICURIO_GROUP = "default";

    /** A subject: how many versions it has, and its own compatibility rule (null: the global rule applies). */
    public record Subject(String name, int versions, String ownRule) {
    }

    /** The registry's verdict on a schema against a subject's latest version. */
    public record Compatibility(boolean compatible, List<String> messages) {
    }

    private final JsonHttp confluent;
    private final JsonHttp apicurioV3; // null on a registry that is not Apicurio

    /** An anonymous client: it may read whatever the registry lets anyone read. */
    public RegistryClient(String confluentApiUrl) {
        this(confluentApiUrl, null);
    }

    /**
     * @param confluentApiUrl e.g. {@code http://127.0.0.1:8081/apis/ccompat/v7}, or a Confluent registry's root
     * @param credentials sent with every call, or null for none; registering schemas and changing rules need them
     */
    public RegistryClient(String confluentApiUrl, BasicCredentials credentials) {
        this.confluent = new JsonHttp("the schema registry", confluentApiUrl, Duration.ofSeconds(30), credentials);
        String base = confluent.baseUrl();
        this.apicurioV3 = base.matches(".*/apis/ccompat/v\\d+$")
                ? new JsonHttp("the schema registry", base.replaceFirst("/apis/ccompat/v\\d+$", "/apis/registry/v3"),
                        Duration.ofSeconds(30), credentials)
                : null;
    }

    public String url() {
        return confluent.baseUrl();
    }

    /** A decoder of Confluent wire-format Avro whose writer schemas come from this registry. */
    public ConfluentAvroDecoder avroDecoder() {
        return new ConfluentAvroDecoder(this::schemaById);
    }

    /**
     * The writer schema registered under {@code id}: an id the registry does not know is the
     * record's fault ({@link InvalidWireFormatException}); a registry that cannot answer is not
     * ({@link RegistryUnavailableException}).
     */
    public Schema schemaById(int id) {
        JsonHttp.Response response;
        try {
            response = confluent.get("/schemas/ids/" + id);
        } catch (EndpointException e) {
            throw new RegistryUnavailableException(e.getMessage(), e);
        }
        if (response.status() == 404) {
            throw new InvalidWireFormatException("schema id " + id + " is not in the registry at " + url());
        }
        if (response.status() != 200) {
            throw new RegistryUnavailableException("GET " + response.uri() + " answered HTTP " + response.status() + ": "
                    + response.body(), null);
        }
        try {
            return new Schema.Parser().parse(response.json().path("schema").asText());
        } catch (RuntimeException e) {
            throw new InvalidWireFormatException("schema id " + id + " in the registry is not an Avro schema: " + e.getMessage(), e);
        }
    }

    /** The subject's latest schema text, or empty when the subject does not exist. */
    public Optional<String> latestSchema(String subject) {
        JsonHttp.Response response = confluent.get("/subjects/" + encode(subject) + "/versions/latest");
        if (response.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(response.expect(200, "reading the latest schema of " + subject).json().path("schema").asText());
    }

    /** Whether the registry's rule lets {@code schema} follow the subject's latest version, with its reasons when not. */
    public Compatibility compatibility(String subject, String schema) {
        String request = JsonHttp.JSON.createObjectNode().put("schema", schema).toString();
        JsonNode answer = confluent.send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
                request, SCHEMA_JSON).expect(200, "checking a schema against " + subject).json();
        List<String> messages = new ArrayList<>();
        answer.path("messages").forEach(m -> messages.add(m.asText()));
        return new Compatibility(answer.path("is_compatible").asBoolean(), messages);
    }

    public String globalCompatibility() {
        JsonNode config = confluent.get("/config").expect(200, "reading the global compatibility").json();
        return config.path("compatibilityLevel").asText(config.path("compatibility").asText("NONE"));
    }

    /** Sets the global compatibility rule and reads it back. */
    public void setGlobalCompatibility(String level) {
        confluent.send("PUT", "/config", "{\"compatibility\":\"" + level + "\"}", SCHEMA_JSON)
                .expect(200, "setting the global compatibility to " + level);
        String now = globalCompatibility();
        if (!level.equals(now)) {
            throw new EndpointException("the schema registry at " + url() + " kept global compatibility " + now + " (asked for " + level + ")");
        }
    }

    /** Every subject with its versions and own rule, by name. */
    public List<Subject> subjects() {
        List<Subject> subjects = new ArrayList<>();
        for (JsonNode name : confluent.get("/subjects").expect(200, "listing subjects").json()) {
            subject(name.asText()).ifPresent(subjects::add);
        }
        subjects.sort(Comparator.comparing(Subject::name));
        return subjects;
    }

    /** The subject now; empty when the registry has no such subject. */
    public Optional<Subject> subject(String name) {
        JsonHttp.Response versions = confluent.get("/subjects/" + encode(name) + "/versions");
        if (versions.status() == 404) {
            return Optional.empty();
        }
        int count = versions.expect(200, "listing the versions of " + name).json().size();
        return Optional.of(new Subject(name, count, ownRule(name)));
    }

    /** The subject's own COMPATIBILITY rule, or null when it has none. */
    public String ownRule(String subject) {
        if (apicurioV3 != null) {
            JsonHttp.Response response = apicurioV3.get(apicurioArtifact(subject) + "/rules/COMPATIBILITY");
            return response.status() == 404 ? null
                    : response.expect(200, "reading the rule of " + subject).json().path("config").asText();
        }
        JsonHttp.Response response = confluent.get("/config/" + encode(subject));
        return response.status() == 404 ? null
                : response.expect(200, "reading the rule of " + subject).json().path("compatibilityLevel").asText(null);
    }

    /** Gives the subject a COMPATIBILITY rule of its own ({@code NONE}, {@code BACKWARD}, ...); null removes it. Read back. */
    public void setOwnRule(String subject, String level) {
        String current = ownRule(subject);
        if (apicurioV3 != null) {
            String rule = "{\"ruleType\":\"COMPATIBILITY\",\"config\":\"" + level + "\"}";
            if (level == null) {
                if (current != null) {
                    apicurioV3.send("DELETE", apicurioArtifact(subject) + "/rules/COMPATIBILITY", null, null)
                            .expect(204, "removing the rule of " + subject);
                }
            } else if (current == null) {
                apicurioV3.send("POST", apicurioArtifact(subject) + "/rules", rule, null).expect(204, "setting the rule of " + subject);
            } else {
                apicurioV3.send("PUT", apicurioArtifact(subject) + "/rules/COMPATIBILITY", rule, null)
                        .expect(200, "changing the rule of " + subject);
            }
        } else if (level == null) {
            if (current != null) {
                confluent.send("DELETE", "/config/" + encode(subject), null, null).expect(200, "removing the rule of " + subject);
            }
        } else {
            confluent.send("PUT", "/config/" + encode(subject), "{\"compatibility\":\"" + level + "\"}", SCHEMA_JSON)
                    .expect(200, "setting the rule of " + subject);
        }
        String now = ownRule(subject);
        if (level == null ? now != null : !level.equals(now)) {
            throw new EndpointException("the registry kept " + subject + "'s rule at " + now + " (asked for " + level + ")");
        }
    }

    private static String apicurioArtifact(String subject) {
        return "/groups/" + APICURIO_GROUP + "/artifacts/" + encode(subject);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
