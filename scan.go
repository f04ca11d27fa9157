package sgmap

// scanLimits walks the JSON structure of data without decoding anything
// (no allocation beyond a small stack) and counts values as it goes,
// returning the error of the first limit passed: the check happens while
// reading, so 7 million empty objects stop at the limit, not after
// becoming structs. Malformed JSON is not its business: it stops quietly
// and leaves the error to the decoder.
func scanLimits(data []byte, l Limits) error {
	l = l.WithDefaults()
	var c counts
	type frame struct {
		array   bool
		role    kind // what the values directly inside hold
		wantKey bool
		key     []byte // last key read, in an object
	}
	const maxDepth = 10000
	stack := make([]frame, 0, 16)
	// role of a value about to start, from its container and key.
	childRole := func() (kind, bool) {
		if len(stack) == 0 {
			return kindOther, false
		}
		f := stack[len(stack)-1]
		if f.array {
			return f.role, true
		}
		return kindOther, true
	}
	// listRole is the role of the elements of a list under key in a
	// container whose own values have role parent (depth 1 is the root).
	listRole := func(key []byte) kind {
		depth := len(stack)
		switch {
		case depth == 1 && string(key) == "security_groups":
			return kindGroup
		case depth == 1 && string(key) == "network_interfaces":
			return kindENI
		case depth == 1 && string(key) == "owners":
			return kindOwner
		case depth == 3 && string(key) == "rules" && stack[1].role == kindGroup:
			return kindRule
		}
		return kindOther
	}
	for i := 0; i < len(data); i++ {
		b := data[i]
		switch b {
		case ' ', '\t', '\n', '\r', ':':
			continue
		case ',':
			if n := len(stack); n > 0 && !stack[n-1].array {
				stack[n-1].wantKey = true
			}
			continue
		case '}', ']':
			if len(stack) == 0 {
				return nil
			}
			stack = stack[:len(stack)-1]
			continue
		}
		if n := len(stack); n > 0 && !stack[n-1].array && stack[n-1].wantKey {
			if b != '"' {
				return nil
			}
			end := skipString(data, i)
			if end < 0 {
				return nil
			}
			stack[n-1].key, stack[n-1].wantKey = data[i+1:end], false
			i = end
			continue
		}
		role, _ := childRole()
		if err := c.add(&l, role, len(data)); err != nil {
			return err
		}
		switch b {
		case '{', '[':
			if len(stack) >= maxDepth {
				return Errorf(EINVALID, "snapshot JSON is nested more than %d levels deep", maxDepth)
			}
			f := frame{array: b == '[', wantKey: b == '{'}
			if f.array && len(stack) > 0 && !stack[len(stack)-1].array {
				f.role = listRole(stack[len(stack)-1].key)
			}
			stack = append(stack, f)
		case '"':
			end := skipString(data, i)
			if end < 0 {
				return nil
			}
			i = end
		default: // number, true, false, null
			for i+1 < len(data) && !isDelim(data[i+1]) {
				i++
			}
		}
	}
	return nil
}

// skipString returns the index of the closing quote of the string starting
// at data[i], or -1 when it is not closed.
func skipString(data []byte, i int) int {
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			return j
		}
	}
	return -1
}

func isDelim(b byte) bool {
	switch b {
	case ',', ']', '}', ' ', '\t', '\n', '\r', ':', '"', '{', '[':
		return true
	}
	return false
}
