-- One departure of a flight number on a day. base_fare is the economy fare of the flight;
-- the other cabins are priced from it.
CREATE TABLE flight (
    id              BIGINT        NOT NULL AUTO_INCREMENT,
    flight_number   VARCHAR(7)    NOT NULL COMMENT 'airline designator and number, e.g. FD1234',
    origin          CHAR(3)       NOT NULL,
    destination     CHAR(3)       NOT NULL,
    departure_time  DATETIME(3)   NOT NULL COMMENT 'UTC',
    arrival_time    DATETIME(3)   NOT NULL COMMENT 'UTC',
    aircraft_type   VARCHAR(4)    NOT NULL,
    status          ENUM('SCHEDULED','DELAYED','BOARDING','DEPARTED','ARRIVED','CANCELLED')
                                  NOT NULL DEFAULT 'SCHEDULED',
    base_fare       DECIMAL(10,2) NOT NULL COMMENT 'economy fare',
    currency        CHAR(3)       NOT NULL DEFAULT 'EUR' COMMENT 'ISO 4217',
    created_at      DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at      DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    UNIQUE KEY flight_number_departure (flight_number, departure_time),
    KEY flight_departure (departure_time),
    KEY flight_route (origin, destination, departure_time),
    CONSTRAINT flight_origin_fk        FOREIGN KEY (origin) REFERENCES airport (code),
    CONSTRAINT flight_destination_fk   FOREIGN KEY (destination) REFERENCES airport (code),
    CONSTRAINT flight_aircraft_type_fk FOREIGN KEY (aircraft_type) REFERENCES aircraft_type (code),
    CONSTRAINT flight_number_format    CHECK (REGEXP_LIKE(flight_number, '^[A-Z0-9]{2}[0-9]{1,4}[A-Z]?$', 'c')),
    CONSTRAINT flight_route_distinct   CHECK (origin <> destination),
    CONSTRAINT flight_arrives_after_departure CHECK (arrival_time > departure_time),
    CONSTRAINT flight_base_fare_not_negative  CHECK (base_fare >= 0),
    CONSTRAINT flight_currency_is_iso  CHECK (REGEXP_LIKE(currency, '^[A-Z]{3}$', 'c'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_0900_ai_ci;
