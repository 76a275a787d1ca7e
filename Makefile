# dpconsole: build, test and measure. `make demo` and `make test` are the two
# commands a fresh machine needs (Go 1.26; modules come from the proxy).

GO       ?= go
FUZZTIME ?= 15s

.PHONY: build test fmt-check vet bench fuzz demo clean

build:
	$(GO) build -o dpconsole .

# The gate CI runs: formatting, vet, and every test under the race detector.
test: fmt-check vet
	$(GO) test -race ./...

fmt-check:
	@unformatted="$$(gofmt -l .)"; \
	if [ -n "$$unformatted" ]; then \
		echo "gofmt would change these files (run: gofmt -w .):"; echo "$$unformatted"; exit 1; \
	fi

vet:
	$(GO) vet ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Every Fuzz target of every package, FUZZTIME each (go test fuzzes one
# target at a time).
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
		list=$$($(GO) test -list '^Fuzz' $$pkg) || { echo "$$list"; exit 1; }; \
		for target in $$list; do \
			case $$target in Fuzz*) \
				echo "== $$pkg $$target ($(FUZZTIME))"; \
				$(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) $$pkg;; \
			esac; \
		done; \
	done

# The console on the embedded mock host.
demo:
	$(GO) run . --demo

clean:
	rm -f dpconsole
