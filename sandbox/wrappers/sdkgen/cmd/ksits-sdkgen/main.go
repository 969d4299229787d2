// Command ksits-sdkgen writes the Python and Go SDKs of a Pulumi package schema (schema.json)
// with the code generators of github.com/pulumi/pulumi/pkg/v3 (codegen/python and codegen/go),
// at the version this module pins.
//
// It stands in for `pulumi package gen-sdk`: the sandbox CLI (v3.274.1) delegates SDK generation
// to the language host's GeneratePackage RPC, which the only Python language host buildable here
// (sdk/v3 v3.68.0) does not implement. So this calls the generators directly, as the CLI's own
// language hosts do.
//
// Usage:
//
//	ksits-sdkgen [-language all|python|go] -out DIR SCHEMA.json
//
// It binds the schema (schema.BindSpec, validating it against Pulumi's metaschema) with a loader
// that loads no other package, so a schema that references another package's types fails with a
// message naming it. Errors go to stderr, one per line, and the exit status is 1; bad usage exits 2.
// On success it writes DIR/python and DIR/go (which must not exist yet, so that no stale file
// survives) and prints one line per SDK on stderr.
//
// The output is deterministic: the same schema gives the same bytes. Files are written in sorted
// order with mode 0644 (directories 0755), and nothing depends on time, host or environment.
//
// The Go SDK gets a go.mod when the generator writes none (it writes one only for schemas with
// meta.supportPack): module = language.go.modulePath, else the parent of
// language.go.importBasePath (or of the generator's default import path, derived from the
// schema's repository); it requires github.com/pulumi/pulumi/sdk/v3 at the version this
// binary was built with, and its go line is that module's (stamped at build time into
// pulumiSDKGoVersion by languages-build.sh), so that the SDK directory is a module a program can
// `replace` to.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/blang/semver"
	"github.com/hashicorp/hcl/v2"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// tool is the generator name the generated files' headers carry.
const tool = "ksits-sdkgen"

const pulumiSDKModule = "github.com/pulumi/pulumi/sdk/v3"

// pulumiSDKGoVersion is the go line of the github.com/pulumi/pulumi/sdk/v3 go.mod this binary
// was built with; set with -ldflags "-X main.pulumiSDKGoVersion=...".
var pulumiSDKGoVersion string

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet(tool, flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "output directory; DIR/python and DIR/go are written and must not exist")
	lang := fs.String("language", "all", "which SDKs to write: all, python or go")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: %s [-language all|python|go] -out DIR SCHEMA.json\n", tool)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 || *out == "" {
		fs.Usage()
		return 2
	}
	var langs []string
	switch *lang {
	case "all":
		langs = []string{"python", "go"}
	case "python", "go":
		langs = []string{*lang}
	default:
		fmt.Fprintf(stderr, "%s: unknown -language %q (want all, python or go)\n", tool, *lang)
		return 2
	}
	schemaPath := fs.Arg(0)

	pkg, err := load(schemaPath, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %s: %v\n", tool, schemaPath, err)
		return 1
	}

	for _, l := range langs {
		dir := filepath.Join(*out, l)
		if _, err := os.Lstat(dir); err == nil {
			fmt.Fprintf(stderr, "%s: %s already exists; give an output directory without it\n", tool, dir)
			return 1
		}
	}

	// Generate every SDK before writing any, so that a failure leaves nothing behind.
	generated := make([]map[string][]byte, len(langs))
	for i, l := range langs {
		files, err := generate(l, pkg)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %s: generating the %s SDK failed: %v\n", tool, schemaPath, l, err)
			return 1
		}
		generated[i] = files
	}
	for i, l := range langs {
		dir := filepath.Join(*out, l)
		if err := write(dir, generated[i]); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", tool, err)
			return 1
		}
		fmt.Fprintf(stderr, "%s: %s SDK of %s %s: %d files in %s\n", tool, l, pkg.Name, version(pkg), len(generated[i]), dir)
	}
	return 0
}

func version(pkg *schema.Package) string {
	if pkg.Version == nil {
		return "(no version)"
	}
	return "v" + pkg.Version.String()
}

// load reads and binds the schema. Warnings are printed; errors fail.
func load(schemaPath string, stderr io.Writer) (*schema.Package, error) {
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&spec); err != nil {
		return nil, jsonError(data, err)
	}
	if dec.More() {
		return nil, errors.New("invalid JSON: more than one value in the file")
	}

	var pkg *schema.Package
	var diags hcl.Diagnostics
	err = catch(func() error {
		var err error
		pkg, diags, err = schema.BindSpec(spec, refusingLoader{}, schema.ValidationOptions{})
		return err
	})
	for _, d := range diags {
		if d.Severity == hcl.DiagWarning {
			fmt.Fprintf(stderr, "%s: %s: warning: %s\n", tool, schemaPath, describe(d))
		}
	}
	if err != nil {
		return nil, fmt.Errorf("binding the schema failed: %w", err)
	}
	if diags.HasErrors() {
		var msgs []string
		for _, d := range diags {
			if d.Severity == hcl.DiagError {
				msgs = append(msgs, "error: "+describe(d))
			}
		}
		return nil, fmt.Errorf("invalid schema (%d error(s)):\n  %s", len(msgs), strings.Join(msgs, "\n  "))
	}
	return pkg, nil
}

func describe(d *hcl.Diagnostic) string {
	s := d.Summary
	if d.Detail != "" && d.Detail != d.Summary {
		s += ": " + d.Detail
	}
	if d.Subject != nil && d.Subject.Filename != "" {
		s = d.Subject.String() + ": " + s
	}
	return s
}

// jsonError turns a decoding error into one with a line and column.
func jsonError(data []byte, err error) error {
	var offset int64 = -1
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		offset = syn.Offset
	case errors.As(err, &typ):
		offset = typ.Offset
	}
	if offset < 0 || offset > int64(len(data)) {
		return fmt.Errorf("invalid JSON: %w", err)
	}
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n')
	return fmt.Errorf("invalid JSON at line %d, column %d: %w", line, col, err)
}

// generate runs one language's generator; a panic inside it becomes an error.
func generate(lang string, pkg *schema.Package) (map[string][]byte, error) {
	var files map[string][]byte
	err := catch(func() error {
		var err error
		switch lang {
		case "python":
			files, err = pygen.GeneratePackage(tool, pkg, nil, refusingLoader{})
		case "go":
			files, err = gogen.GeneratePackage(tool, pkg, nil)
			if err == nil {
				err = addGoMod(pkg, files)
			}
		}
		return err
	})
	return files, err
}

// addGoMod writes a go.mod for the Go SDK when the generator did not.
func addGoMod(pkg *schema.Package, files map[string][]byte) error {
	if _, ok := files["go.mod"]; ok {
		return nil
	}
	info, _ := pkg.Language["go"].(gogen.GoPackageInfo)
	module := info.ModulePath
	if module == "" {
		// The go.mod sits at the root of the generated tree, one directory above the root
		// package, whose import path is importBasePath or, without it, the generator's default.
		base := info.ImportBasePath
		if base == "" {
			base = gogen.ExtractImportBasePath(pkg.Reference())
		}
		module = path.Dir(base)
	}
	sdk, err := pulumiSDKVersion()
	if err != nil {
		return err
	}
	if pulumiSDKGoVersion == "" {
		return errors.New("this ksits-sdkgen was built without -X main.pulumiSDKGoVersion; build it with languages-build.sh")
	}
	files["go.mod"] = []byte(fmt.Sprintf("module %s\n\ngo %s\n\nrequire %s %s\n",
		module, pulumiSDKGoVersion, pulumiSDKModule, sdk))
	return nil
}

// pulumiSDKVersion is the github.com/pulumi/pulumi/sdk/v3 version this binary was built with.
func pulumiSDKVersion() (string, error) {
	bi, ok := debug.ReadBuildInfo()
	if ok {
		for _, dep := range bi.Deps {
			if dep.Path == pulumiSDKModule {
				if dep.Replace != nil {
					dep = dep.Replace
				}
				if _, err := semver.ParseTolerant(dep.Version); err == nil {
					return dep.Version, nil
				}
			}
		}
	}
	return "", fmt.Errorf("no %s version in this binary's build info", pulumiSDKModule)
}

// write puts files under dir, creating it; files are written in sorted order.
func write(dir string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		clean := path.Clean(filepath.ToSlash(name))
		if path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../") {
			return fmt.Errorf("generator produced a path outside the SDK directory: %q", name)
		}
		names = append(names, name)
	}
	sort.Strings(names)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// catch runs f and turns a panic (the codegen packages assert with panics) into an error.
func catch(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error in the code generator: %v", r)
		}
	}()
	return f()
}

// refusingLoader loads no package: ksits-sdkgen generates self-contained schemas only. Asked for
// one (a schema that refers to another package's types or resources), it returns an error that
// names the package, which binding reports as a schema error.
type refusingLoader struct{}

func refuse(name string, v *semver.Version) error {
	if v != nil {
		name += "@v" + v.String()
	}
	return fmt.Errorf("the schema refers to package %q; %s loads no other package, "+
		"so the schema must be self-contained", name, tool)
}

func (refusingLoader) LoadPackage(pkg string, v *semver.Version) (*schema.Package, error) {
	return nil, refuse(pkg, v)
}

func (refusingLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, refuse(d.Name, d.Version)
}

func (refusingLoader) LoadPackageReference(pkg string, v *semver.Version) (schema.PackageReference, error) {
	return nil, refuse(pkg, v)
}

func (refusingLoader) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, refuse(d.Name, d.Version)
}
