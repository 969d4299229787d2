//go:build js && wasm

// Command kubestellar-its.wasm runs the reference Go code inside the library, so what it reads
// and expands is what kubectl and KubeStellar read and expand, by construction:
//
//   - decodeYaml: a workload file as `kubectl apply -f` reads it (kubectl 1.35.4's
//     k8s.io/apimachinery v0.35.4 YAMLOrJSONDecoder with sigs.k8s.io/yaml v1.6.0, then the
//     unstructured JSON decoder's int64/float64 numbers), one JSON text per object document;
//   - expandTemplates: KubeStellar v0.30.0's own customize.ExpandTemplates on one object.
//
// The module versions are pinned in go.mod next to this file (the same ones the sandbox's
// kubectl and KubeStellar controllers are built from). The functions are set on the object
// the loader puts at globalThis.__kubestellarItsWasm before it runs the module; each takes and
// returns JSON text and never panics out (a panic would stop the Go runtime for good).
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"syscall/js"

	"github.com/kubestellar/kubestellar/pkg/customize"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
)

// maxExact is the largest integer a JavaScript number carries exactly (2^53).
const maxExact = int64(1) << 53

type decodedDoc struct {
	// JSON is the object as kubectl holds it, re-encoded (sorted keys, Go number formatting).
	JSON string `json:"json"`
	// Inexact lists paths of integers beyond ±2^53 (kubectl keeps them as int64; JavaScript cannot).
	Inexact []string `json:"inexact,omitempty"`
}

type decodeResult struct {
	Docs []decodedDoc `json:"docs"`
	// Error is kubectl's own error for the first document it cannot read; reading stops there.
	Error string `json:"error,omitempty"`
}

func decodeYaml(text string) (res decodeResult) {
	res.Docs = []decodedDoc{}
	// kubectl's FileVisitor: the file through a UTF-8 decoder that drops a leading BOM (or decodes
	// UTF-16 after one); then its StreamVisitor: YAMLOrJSONDecoder with a 4096-byte sniffing
	// buffer, each document into a RawExtension (here json.RawMessage: the same bytes), trimmed,
	// empty and null skipped.
	file := transform.NewReader(strings.NewReader(text), unicode.BOMOverride(unicode.UTF8.NewDecoder()))
	d := utilyaml.NewYAMLOrJSONDecoder(file, 4096)
	for {
		var raw json.RawMessage
		err := d.Decode(&raw)
		if err == io.EOF {
			return res
		}
		if err != nil {
			res.Error = err.Error()
			return res
		}
		r := bytes.TrimSpace(raw)
		if len(r) == 0 || bytes.Equal(r, []byte("null")) {
			continue
		}
		// The unstructured decoder's numbers: int64 when the text is an integer, else float64.
		var value any
		if err := utiljson.Unmarshal(r, &value); err != nil {
			res.Error = err.Error()
			return res
		}
		out, err := json.Marshal(value)
		if err != nil {
			res.Error = err.Error()
			return res
		}
		doc := decodedDoc{JSON: string(out)}
		inexact(value, "", &doc.Inexact)
		res.Docs = append(res.Docs, doc)
	}
}

func inexact(v any, path string, out *[]string) {
	switch x := v.(type) {
	case int64:
		if x > maxExact || x < -maxExact {
			*out = append(*out, path)
		}
	case []any:
		for i, item := range x {
			inexact(item, fmt.Sprintf("%s[%d]", path, i), out)
		}
	case map[string]any:
		for k, item := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			inexact(item, p, out)
		}
	}
}

type expandResult struct {
	Object  any      `json:"object"`
	Changed bool     `json:"changed"`
	Errors  []string `json:"errors"`
}

// expandTemplates expands one object (JSON) with the WEC's properties (JSON object of strings)
// as KubeStellar's transport controller does: the object decoded as unstructured, then
// customize.ExpandTemplates over every string that is not a map key.
func expandTemplates(objectJSON, dataJSON string) (res expandResult, err error) {
	var object any
	if err := utiljson.Unmarshal([]byte(objectJSON), &object); err != nil {
		return res, err
	}
	var data map[string]string
	if err := json.Unmarshal([]byte(dataJSON), &data); err != nil {
		return res, err
	}
	out, changed, errs := customize.ExpandTemplates("", object, data)
	if errs == nil {
		errs = []string{}
	}
	return expandResult{Object: out, Changed: changed, Errors: errs}, nil
}

// exported wraps a function of strings returning JSON: a panic or an error becomes {"panic"}
// or {"error"}, so the runtime keeps serving calls.
func exported(fn func(args []string) (any, error)) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) (result any) {
		defer func() {
			if p := recover(); p != nil {
				b, _ := json.Marshal(map[string]string{"panic": fmt.Sprint(p)})
				result = string(b)
			}
		}()
		strs := make([]string, len(args))
		for i, a := range args {
			strs[i] = a.String()
		}
		v, err := fn(strs)
		if err != nil {
			b, _ := json.Marshal(map[string]string{"error": err.Error()})
			return string(b)
		}
		b, err := json.Marshal(v)
		if err != nil {
			b, _ = json.Marshal(map[string]string{"error": err.Error()})
		}
		return string(b)
	})
}

func main() {
	target := js.Global().Get("__kubestellarItsWasm")
	target.Set("decodeYaml", exported(func(a []string) (any, error) { return decodeYaml(a[0]), nil }))
	target.Set("expandTemplates", exported(func(a []string) (any, error) { return expandTemplates(a[0], a[1]) }))
	target.Set("ready", true)
	// Serve calls until the process exits.
	select {}
}
