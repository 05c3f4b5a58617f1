-- Aircraft types and the seats each one has; a flight's capacity per cabin is the number of
-- seat_map rows of its aircraft type in that cabin.
CREATE TABLE aircraft_type (
    code              VARCHAR(4)  NOT NULL COMMENT 'ICAO type designator, e.g. A320, B38M',
    manufacturer      VARCHAR(40) NOT NULL,
    model             VARCHAR(60) NOT NULL,
    range_km          INT         NOT NULL,
    cruise_speed_kmh  SMALLINT    NOT NULL,
    PRIMARY KEY (code),
    CONSTRAINT aircraft_type_code_is_icao   CHECK (REGEXP_LIKE(code, '^[A-Z][A-Z0-9]{1,3}$', 'c')),
    CONSTRAINT aircraft_type_range_positive CHECK (range_km > 0),
    CONSTRAINT aircraft_type_cruise_speed   CHECK (cruise_speed_kmh BETWEEN 300 AND 1100)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_0900_ai_ci;

CREATE TABLE seat_map (
    aircraft_type  VARCHAR(4)        NOT NULL,
    seat_no        VARCHAR(4)        NOT NULL COMMENT 'row and letter, e.g. 12A',
    cabin          ENUM('F','J','Y') NOT NULL COMMENT 'F first, J business, Y economy',
    seat_row       SMALLINT          NOT NULL,
    seat_letter    CHAR(1)           NOT NULL,
    PRIMARY KEY (aircraft_type, seat_no),
    UNIQUE KEY seat_map_row_letter (aircraft_type, seat_row, seat_letter),
    KEY seat_map_cabin (aircraft_type, cabin),
    CONSTRAINT seat_map_aircraft_type_fk FOREIGN KEY (aircraft_type) REFERENCES aircraft_type (code),
    CONSTRAINT seat_map_row_positive     CHECK (seat_row BETWEEN 1 AND 99),
    CONSTRAINT seat_map_letter_is_letter CHECK (REGEXP_LIKE(seat_letter, '^[A-Z]$', 'c')),
    CONSTRAINT seat_map_seat_no_matches  CHECK (seat_no = CONCAT(seat_row, seat_letter))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_0900_ai_ci;
