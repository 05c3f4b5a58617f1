-- A booked seat must exist on the flight's aircraft and belong to the booked cabin. A foreign
-- key cannot say this (the aircraft type is on the flight, not on the booking), so triggers
-- check it, in one procedure shared by inserts and updates.
CREATE PROCEDURE booking_check_seat(IN p_flight_id BIGINT, IN p_cabin CHAR(1), IN p_seat_no VARCHAR(4))
    READS SQL DATA
BEGIN
    DECLARE message VARCHAR(128);
    IF p_seat_no IS NOT NULL AND NOT EXISTS (
            SELECT 1
            FROM flight f
            JOIN seat_map s ON s.aircraft_type = f.aircraft_type
            WHERE f.id = p_flight_id AND s.seat_no = p_seat_no AND s.cabin = p_cabin) THEN
        SET message = CONCAT('seat ', p_seat_no, ' is not a ', p_cabin, ' cabin seat of flight ', p_flight_id);
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = message;
    END IF;
END;

CREATE TRIGGER booking_seat_check_on_insert BEFORE INSERT ON booking FOR EACH ROW
    CALL booking_check_seat(NEW.flight_id, NEW.cabin, NEW.seat_no);

CREATE TRIGGER booking_seat_check_on_update BEFORE UPDATE ON booking FOR EACH ROW
BEGIN
    IF NOT (NEW.seat_no <=> OLD.seat_no AND NEW.cabin <=> OLD.cabin AND NEW.flight_id <=> OLD.flight_id) THEN
        CALL booking_check_seat(NEW.flight_id, NEW.cabin, NEW.seat_no);
    END IF;
END;
