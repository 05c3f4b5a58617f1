-- Airports the airline serves. All tables of this schema are InnoDB and utf8mb4, and every
-- time is UTC in a DATETIME column: DATETIME is not shifted by the session time zone, so
-- Debezium reads back exactly what was written.
CREATE TABLE airport (
    code       CHAR(3)      NOT NULL COMMENT 'IATA airport code, e.g. FRA',
    name       VARCHAR(100) NOT NULL,
    city       VARCHAR(60)  NOT NULL,
    country    CHAR(2)      NOT NULL COMMENT 'ISO 3166-1 alpha-2',
    time_zone  VARCHAR(40)  NOT NULL COMMENT 'IANA time zone, e.g. Europe/Berlin',
    latitude   DECIMAL(8,5) NOT NULL,
    longitude  DECIMAL(8,5) NOT NULL,
    PRIMARY KEY (code),
    CONSTRAINT airport_code_is_iata    CHECK (REGEXP_LIKE(code, '^[A-Z]{3}$', 'c')),
    CONSTRAINT airport_country_is_iso  CHECK (REGEXP_LIKE(country, '^[A-Z]{2}$', 'c')),
    CONSTRAINT airport_latitude_range  CHECK (latitude BETWEEN -90 AND 90),
    CONSTRAINT airport_longitude_range CHECK (longitude BETWEEN -180 AND 180)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_0900_ai_ci;
