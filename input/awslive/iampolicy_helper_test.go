package awslive_test

import (
	"encoding/json"
	"os"
	"testing"
)

// policyStatement is one statement of an IAM policy document in docs/.
type policyStatement struct {
	Effect   string
	Action   []string
	Resource string
}

// readPolicy reads the IAM policy document at path (one of docs/*.json)
// and returns its statements, failing the test when it does not parse.
func readPolicy(t *testing.T, path string) []policyStatement {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var policy struct {
		Version   string
		Statement []policyStatement
	}
	if err := json.Unmarshal(data, &policy); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return policy.Statement
}
