-- A passenger's booking on a flight. A booking without a seat (seat_no NULL) still counts
-- against the cabin, and such bookings may exceed capacity: airlines overbook on purpose.
CREATE TABLE booking (
    id               BIGINT            NOT NULL AUTO_INCREMENT,
    reference        CHAR(6)           NOT NULL COMMENT 'record locator (PNR), e.g. K7QX2M',
    flight_id        BIGINT            NOT NULL,
    passenger_id     BIGINT            NOT NULL,
    cabin            ENUM('F','J','Y') NOT NULL,
    seat_no          VARCHAR(4)        NULL COMMENT 'NULL = no seat assigned yet',
    status           ENUM('HELD','CONFIRMED','CANCELLED') NOT NULL,
    fare             DECIMAL(10,2)     NOT NULL,
    currency         CHAR(3)           NOT NULL,
    hold_expires_at  DATETIME(3)       NULL COMMENT 'UTC; set exactly while HELD',
    created_at       DATETIME(3)       NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at       DATETIME(3)       NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    -- The seat this booking occupies: a cancelled booking keeps its seat_no for the record
    -- but frees the seat. The unique key below makes a double-booked seat impossible.
    active_seat      VARCHAR(4) GENERATED ALWAYS AS (IF(status = 'CANCELLED', NULL, seat_no)) STORED,
    PRIMARY KEY (id),
    UNIQUE KEY booking_reference (reference),
    UNIQUE KEY booking_active_seat (flight_id, active_seat),
    KEY booking_flight_status (flight_id, status),
    KEY booking_hold_expiry (status, hold_expires_at),
    KEY booking_passenger (passenger_id),
    CONSTRAINT booking_flight_fk    FOREIGN KEY (flight_id) REFERENCES flight (id),
    CONSTRAINT booking_passenger_fk FOREIGN KEY (passenger_id) REFERENCES passenger (id),
    CONSTRAINT booking_reference_format CHECK (REGEXP_LIKE(reference, '^[A-Z0-9]{6}$', 'c')),
    CONSTRAINT booking_fare_not_negative CHECK (fare >= 0),
    CONSTRAINT booking_currency_is_iso  CHECK (REGEXP_LIKE(currency, '^[A-Z]{3}$', 'c')),
    CONSTRAINT booking_hold_has_expiry  CHECK ((status = 'HELD') = (hold_expires_at IS NOT NULL))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_0900_ai_ci;
