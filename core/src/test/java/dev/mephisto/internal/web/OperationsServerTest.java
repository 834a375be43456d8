package dev.mephisto.internal.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OperationsServerTest {

    @Test
    void shouldAcceptTheBearerSchemeInAnyCase() {
        assertTrue(OperationsServer.bearerMatches("Bearer s3cret", "s3cret"));
        assertTrue(OperationsServer.bearerMatches("bearer s3cret", "s3cret"));
        assertTrue(OperationsServer.bearerMatches("BEARER s3cret", "s3cret"));
        assertTrue(OperationsServer.bearerMatches("Bearer  s3cret ", "s3cret"));
    }

    @Test
    void shouldRefuseAWrongTokenOrSchemeWhenCheckingTheBearer() {
        assertFalse(OperationsServer.bearerMatches(null, "s3cret"));
        assertFalse(OperationsServer.bearerMatches("bearer S3CRET", "s3cret"), "the token itself is case-sensitive");
        assertFalse(OperationsServer.bearerMatches("Basic s3cret", "s3cret"));
        assertFalse(OperationsServer.bearerMatches("Bearers3cret", "s3cret"));
        assertFalse(OperationsServer.bearerMatches("Bearer s3cre", "s3cret"));
        assertFalse(OperationsServer.bearerMatches("Bear", "s3cret"));
    }
}
