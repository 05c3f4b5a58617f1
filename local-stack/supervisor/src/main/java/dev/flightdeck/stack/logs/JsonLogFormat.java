package dev.flightdeck.stack.logs;

import com.fasterxml.jackson.databind.JsonNode;

/** A format of one JSON object per line: reads an object already parsed once for every JSON format. */
interface JsonLogFormat {

    /** The event this object is, or null when it is not in this format. */
    LogRecord parse(String service, JsonNode event);
}
