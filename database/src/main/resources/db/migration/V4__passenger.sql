-- People who book. No middle_name on purpose: adding it later is the schema-evolution test.
CREATE TABLE passenger (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    first_name      VARCHAR(100) NOT NULL,
    last_name       VARCHAR(100) NOT NULL,
    email           VARCHAR(254) NOT NULL,
    phone           VARCHAR(16)  NULL COMMENT 'E.164, e.g. +4915112345678',
    date_of_birth   DATE         NULL,
    loyalty_number  VARCHAR(12)  NULL,
    created_at      DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at      DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    UNIQUE KEY passenger_email (email),
    UNIQUE KEY passenger_loyalty_number (loyalty_number),
    CONSTRAINT passenger_email_format CHECK (email LIKE '_%@_%._%'),
    CONSTRAINT passenger_phone_e164   CHECK (phone IS NULL OR REGEXP_LIKE(phone, '^\\+[1-9][0-9]{6,14}$')),
    CONSTRAINT passenger_born_after_1900 CHECK (date_of_birth IS NULL OR date_of_birth >= '1900-01-01')
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_0900_ai_ci;
