# dangjian - the two commands:
#   make run    install what is missing, build, create data/demo.db, serve on :8080
#   make test   install what is missing, build, run every test
BUILD   ?= build
DB      ?= data/demo.db
PORT    ?= 8080
MESON_OPTS ?=

.PHONY: all run test deps build clean fuzz bench format

all: build

deps:
	@bash scripts/bootstrap.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) $(MESON_OPTS)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

run: build
	@mkdir -p data
	@./$(BUILD)/dangjian --db $(DB) demo --scale district
	@echo "打开 http://127.0.0.1:$(PORT)/ （Ctrl-C 停止）"
	@./$(BUILD)/dangjian --db $(DB) serve --port $(PORT)

test: build
	@bash scripts/run-tests.sh

fuzz: deps
	bash tests/fuzz/run.sh $${FUZZ_SECONDS:-60}

bench: build
	@bash scripts/bootstrap.sh bench
	bash bench/run.sh

format:
	clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c')

clean:
	rm -rf $(BUILD) build-asan build/fuzz
