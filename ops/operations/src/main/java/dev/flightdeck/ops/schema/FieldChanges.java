package dev.flightdeck.ops.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/**
 * What a DDL statement changes in a table's row schema, column by column, in words; and, when the
 * registry refuses the change, what to do instead. The registry's own messages name JSON paths;
 * these name columns.
 */
final class FieldChanges {

    private FieldChanges() {
    }

    /** "added column note (string, nullable)", "qty: int32 → int64", ... Empty when nothing changed or there was no table before. */
    static List<String> between(Schema previous, Schema next) {
        List<String> changes = new ArrayList<>();
        if (previous == null || next == null) {
            return changes;
        }
        for (Field field : next.fields()) {
            Field old = previous.field(field.name());
            if (old == null) {
                changes.add("added column " + field.name() + " (" + describe(field.schema()) + ")");
            } else if (!sameType(old.schema(), field.schema())) {
                changes.add(field.name() + ": " + describe(old.schema()) + " → " + describe(field.schema()));
            } else if (old.schema().isOptional() != field.schema().isOptional()
                    || !Objects.equals(old.schema().defaultValue(), field.schema().defaultValue())) {
                changes.add(field.name() + ": " + describe(old.schema()) + " → " + describe(field.schema()));
            }
        }
        for (Field field : previous.fields()) {
            if (next.field(field.name()) == null) {
                changes.add("removed column " + field.name());
            }
        }
        return changes;
    }

    /** What to do instead, for each column that breaks backward compatibility (old records must still be readable). */
    static List<String> advice(String table, Schema previous, Schema next) {
        List<String> advice = new ArrayList<>();
        if (previous == null || next == null) {
            return advice;
        }
        List<String> removed = previous.fields().stream().map(Field::name).filter(name -> next.field(name) == null).toList();
        for (Field field : next.fields()) {
            Schema schema = field.schema();
            Field old = previous.field(field.name());
            boolean required = !schema.isOptional() && schema.defaultValue() == null;
            if (old == null && required) {
                advice.add(removed.isEmpty()
                        ? "column " + field.name() + " is NOT NULL without a DEFAULT, so records written before have no value "
                                + "for it: add it with a DEFAULT (… NOT NULL DEFAULT x), or add it NULL, fill it, then make it NOT NULL "
                                + "DEFAULT x"
                        : "column " + field.name() + " looks like a rename of " + String.join(", ", removed) + " (NOT NULL, no "
                                + "DEFAULT): expand and contract instead: add " + field.name() + " with a DEFAULT, copy the values, "
                                + "move readers over, then drop the old column");
            } else if (old != null && old.schema().isOptional() && required) {
                advice.add("column " + field.name() + " goes from NULL to NOT NULL without a DEFAULT: give it a DEFAULT in the same "
                        + "statement (MODIFY … NOT NULL DEFAULT x)");
            } else if (old != null && !sameType(old.schema(), schema)) {
                advice.add("column " + field.name() + " changes type " + describe(old.schema()) + " → " + describe(schema)
                        + ", which readers of old records cannot take: add a new column of the new type, backfill it, move "
                        + "readers over, then drop the old one");
            }
        }
        advice.add("or let this one change through and have every consumer cope: flightdeck schema allow " + table + " (see --help)");
        return advice;
    }

    private static boolean sameType(Schema a, Schema b) {
        return a.type() == b.type() && Objects.equals(a.name(), b.name());
    }

    private static String describe(Schema schema) {
        String type = schema.name() != null ? schema.name().replaceFirst("^.*\\.", "") : schema.type().getName();
        return type + (schema.isOptional() ? ", nullable" : ", NOT NULL")
                + (schema.defaultValue() == null ? "" : ", default " + schema.defaultValue());
    }
}
