package main

import "testing"

// TestWeakToken (issue 8 item 8): serve warns at startup about tokens
// that are guessed first (short, few distinct characters, a common word),
// and not about a generated one (`openssl rand -hex 16`).
func TestWeakToken(t *testing.T) {
	for _, tok := range []string{"s3cr3t-t", "aaaaaaaaaaaaaaaaaaaaaaaa", "abababababababababab", "my-password-for-sgmap", "Changeme2026!!!!", "dashboard-token-1"} {
		if weakToken(tok) == "" {
			t.Errorf("weakToken(%q) = \"\", want a reason", tok)
		}
	}
	for _, tok := range []string{"9f2c4e1ab07d3c58e6f1a2b4c9d0e7f3", "Zq8-vT2m_Lr5xK9w"} {
		if why := weakToken(tok); why != "" {
			t.Errorf("weakToken(%q) = %q, want none", tok, why)
		}
	}
}
