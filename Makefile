# Thin wrapper around CMake. `make demo` and `make test` do all the set-up on
# a fresh Debian machine: install missing packages, configure, build, run.
BUILD ?= build
JOBS  ?= 2
CMAKE_FLAGS ?=

.PHONY: all deps configure build demo test bench clean

all: build

deps:
	@./scripts/install-deps

# Always (re)run CMake: cheap when nothing changed, and it recovers from an
# earlier failed configure.
configure: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: configure
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@./scripts/demo $(BUILD)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@./scripts/bench $(BUILD)

clean:
	rm -rf $(BUILD)
