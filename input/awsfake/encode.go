package awsfake

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"reflect"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"
)

//go:generate go run gen.go

// The encoders below turn aws-sdk-go-v2 output structs (ec2.DescribeVpcsOutput,
// …) into the bytes the real service would send, so that scenarios are written
// in SDK types and the SDK's own deserializers do the parsing. Element names
// come from wireNames (generated from those deserializers) where they differ
// from the protocol default.

var timeType = reflect.TypeFor[time.Time]()

// encodeEC2 writes an ec2query response: <OpResponse> with the output's
// members in lowerCamel case and lists of <item>.
func encodeEC2(op string, out any) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString("<" + op + `Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">`)
	b.WriteString("<requestId>" + requestID + "</requestId>")
	xmlStruct(&b, "ec2", reflect.ValueOf(out))
	b.WriteString("</" + op + "Response>")
	return b.Bytes()
}

// encodeQuery writes an awsquery response (ELB, ELBv2, RDS, STS):
// <OpResponse><OpResult>…</OpResult><ResponseMetadata>…</OpResponse>.
func encodeQuery(svc, xmlns, op string, out any) []byte {
	var b bytes.Buffer
	b.WriteString("<" + op + `Response xmlns="` + xmlns + `"><` + op + "Result>")
	xmlStruct(&b, svc, reflect.ValueOf(out))
	b.WriteString("</" + op + "Result><ResponseMetadata><RequestId>" + requestID +
		"</RequestId></ResponseMetadata></" + op + "Response>")
	return b.Bytes()
}

const requestID = "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE"

func xmlStruct(b *bytes.Buffer, svc string, v reflect.Value) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || f.Name == "ResultMetadata" {
			continue
		}
		fv := v.Field(i)
		if isEmpty(fv) {
			continue
		}
		key := svc + "." + t.Name() + "." + f.Name
		name := wireNames[key]
		if name == "" {
			name = f.Name
			if svc == "ec2" {
				name = lowerFirst(name)
			}
		}
		if fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() != reflect.Uint8 {
			member := wireNames[key+"#member"]
			if member == "" {
				member = map[bool]string{true: "item", false: "member"}[svc == "ec2"]
			}
			if wireNames[key+"#flat"] != "" {
				for j := range fv.Len() {
					xmlElem(b, svc, name, fv.Index(j))
				}
				continue
			}
			b.WriteString("<" + name + ">")
			for j := range fv.Len() {
				xmlElem(b, svc, member, fv.Index(j))
			}
			b.WriteString("</" + name + ">")
			continue
		}
		xmlElem(b, svc, name, fv)
	}
}

func xmlElem(b *bytes.Buffer, svc, name string, v reflect.Value) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	var text string
	switch {
	case v.Type() == timeType:
		text = v.Interface().(time.Time).UTC().Format("2006-01-02T15:04:05.000Z")
	case v.Kind() == reflect.Struct:
		b.WriteString("<" + name + ">")
		xmlStruct(b, svc, v)
		b.WriteString("</" + name + ">")
		return
	case v.Kind() == reflect.String:
		text = v.String()
	case v.Kind() == reflect.Bool:
		text = strconv.FormatBool(v.Bool())
	case v.CanInt():
		text = strconv.FormatInt(v.Int(), 10)
	case v.CanFloat():
		text = strconv.FormatFloat(v.Float(), 'g', -1, 64)
	default:
		return // maps, unions and documents are not used by the scenarios
	}
	b.WriteString("<" + name + ">")
	_ = xml.EscapeText(b, []byte(text))
	b.WriteString("</" + name + ">")
}

// encodeJSON writes a JSON protocol body (ECS awsJson1_1; Lambda, MSK,
// EFS, OpenSearch and EKS restJson1) for service svc. Member names come
// from wireNames where they differ from the Go field names (MSK and EKS
// use lowerCamel); otherwise lower selects lowerCamel names (ECS) and the
// rest use the Go field names as they are. Timestamps are epoch seconds.
func encodeJSON(svc string, out any, lower bool) []byte {
	data, err := json.Marshal(jsonValue(svc, reflect.ValueOf(out), lower))
	if err != nil {
		panic("awsfake: encode json: " + err.Error()) // only plain values reach Marshal
	}
	return data
}

func jsonValue(svc string, v reflect.Value, lower bool) any {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	switch {
	case v.Type() == timeType:
		return float64(v.Interface().(time.Time).UnixMilli()) / 1000
	case v.Kind() == reflect.Struct:
		m := map[string]any{}
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() || f.Name == "ResultMetadata" || isEmpty(v.Field(i)) {
				continue
			}
			name := wireNames[svc+"."+t.Name()+"."+f.Name]
			switch {
			case name != "":
			case lower:
				name = lowerFirst(f.Name)
			default:
				name = f.Name
			}
			if jv := jsonValue(svc, v.Field(i), lower); jv != nil {
				m[name] = jv
			}
		}
		return m
	case v.Kind() == reflect.Slice:
		s := make([]any, v.Len())
		for i := range s {
			s[i] = jsonValue(svc, v.Index(i), lower)
		}
		return s
	case v.Kind() == reflect.Map:
		m := map[string]any{}
		for _, k := range v.MapKeys() {
			m[k.String()] = jsonValue(svc, v.MapIndex(k), lower)
		}
		return m
	case v.Kind() == reflect.String:
		return v.String()
	case v.Kind() == reflect.Bool:
		return v.Bool()
	case v.CanInt():
		return v.Int()
	case v.CanFloat():
		return v.Float()
	}
	return nil
}

func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Map:
		return v.IsNil()
	case reflect.String:
		return v.Len() == 0
	case reflect.Struct:
		return v.Type() == timeType && v.Interface().(time.Time).IsZero()
	}
	return v.IsZero()
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// errorEC2 is EC2's error body; errorQuery the awsquery one.
func errorEC2(code, msg string) []byte {
	var b bytes.Buffer
	b.WriteString("<Response><Errors><Error><Code>")
	_ = xml.EscapeText(&b, []byte(code))
	b.WriteString("</Code><Message>")
	_ = xml.EscapeText(&b, []byte(msg))
	b.WriteString("</Message></Error></Errors><RequestID>" + requestID + "</RequestID></Response>")
	return b.Bytes()
}

func errorQuery(code, msg string) []byte {
	var b bytes.Buffer
	b.WriteString("<ErrorResponse><Error><Type>Sender</Type><Code>")
	_ = xml.EscapeText(&b, []byte(code))
	b.WriteString("</Code><Message>")
	_ = xml.EscapeText(&b, []byte(msg))
	b.WriteString("</Message></Error><RequestId>" + requestID + "</RequestId></ErrorResponse>")
	return b.Bytes()
}

func errorJSON(code, msg string) []byte {
	data, _ := json.Marshal(map[string]string{"__type": code, "message": msg})
	return data
}

// truncate cuts a body in the middle, for malformed-response faults.
func truncate(body []byte) []byte {
	return bytes.Clone(body[:len(body)/2])
}
