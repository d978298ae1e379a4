package dev.charter.agent.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedisAddressTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "redis://localhost:6379                | false | -     | -        | localhost | 6379 | 0 | redis://localhost:6379",
        "redis://r.example                     | false | -     | -        | r.example | 6379 | 0 | redis://r.example:6379",
        "rediss://ops:s%3Acret@10.0.0.1:6380/3 | true  | ops   | s:cret   | 10.0.0.1  | 6380 | 3 | rediss://10.0.0.1:6380/3",
        "redis://:only-password@h:1/           | false | -     | only-password | h    | 1    | 0 | redis://h:1",
        "redis://[::1]:7000                    | false | -     | -        | ::1       | 7000 | 0 | redis://[::1]:7000",
    })
    void parse_readsEveryPart_andNeverShowsCredentials(String text, boolean tls, String user, String password,
            String host, int port, int database, String shown) {
        RedisAddress address = RedisAddress.parse(text);
        assertEquals(new RedisAddress(tls, user, password, host, port, database), address);
        assertEquals(shown, address.toString());
        assertFalse(password != null && address.toString().contains(password));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "memory:x                        | expected memory, redis://",
        "http://h:1                      | expected memory, redis://",
        "redis.example:6379              | expected memory, redis://",
        "redis://h:1/db                  | the path must be a database number",
        "redis://h:1/-2                  | the path must be a database number",
        "redis://h:1?timeout=1           | no query or fragment",
        "redis://u:hunter2@/3            | no host",
    })
    void parse_badAddress_saysWhy_withoutTheCredentials(String text, String message) {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> RedisAddress.parse(text));
        assertTrue(bad.getMessage().contains(message), bad.getMessage());
        assertFalse(bad.getMessage().contains("hunter2"), bad.getMessage());
    }
}
