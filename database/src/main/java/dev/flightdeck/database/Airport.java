package dev.flightdeck.database;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;

/** An airport of the seed network, as listed in {@code seed/airports.csv}. */
record Airport(String code, String name, String city, String country, ZoneId timeZone,
               double latitude, double longitude) {

    static final String RESOURCE = "seed/airports.csv";

    private static final double EARTH_RADIUS_KM = 6371.0;

    static List<Airport> loadAll() {
        return CsvResource.read(RESOURCE, "code", "name", "city", "country", "time_zone", "latitude", "longitude")
                .stream()
                .map(Airport::fromRow)
                .toList();
    }

    private static Airport fromRow(CsvResource.Row row) {
        if (!row.get("code").matches("[A-Z]{3}")) {
            throw row.invalid("code", "is not an IATA airport code");
        }
        if (!row.get("country").matches("[A-Z]{2}")) {
            throw row.invalid("country", "is not an ISO 3166 country code");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(row.get("time_zone"));
        } catch (DateTimeException e) {
            throw row.invalid("time_zone", "is not an IANA time zone");
        }
        return new Airport(row.get("code"), row.get("name"), row.get("city"), row.get("country"), zone,
                row.getDouble("latitude"), row.getDouble("longitude"));
    }

    double distanceKmTo(Airport other) {
        return distanceKm(latitude, longitude, other.latitude, other.longitude);
    }

    /** Great-circle distance (haversine on a spherical earth), good to about 0.5 %. */
    static double distanceKm(double latitude1, double longitude1, double latitude2, double longitude2) {
        double lat1 = Math.toRadians(latitude1);
        double lat2 = Math.toRadians(latitude2);
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(longitude2 - longitude1);
        double a = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(lat1) * Math.cos(lat2) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
