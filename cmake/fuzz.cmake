# Fuzzing with libFuzzer (clang; on Debian: apt-get install clang libclang-rt-dev).
# A separate build tree, since everything in it is instrumented:
#
#   CC=clang cmake -S . -B build-fuzz -DDA_FUZZ=ON -DDA_TESTS=OFF
#   cmake --build build-fuzz -j"$(nproc)"
#   cmake --build build-fuzz --target fuzz-smoke   # every harness for 10 s
#   cmake --build build-fuzz --target fuzz         # every harness for DA_FUZZ_SECONDS
#
# The project's libraries get -fsanitize=fuzzer-no-link (coverage for libFuzzer) with ASan and
# UBSan; the harnesses in tests/fuzz/ get -fsanitize=fuzzer, which brings libFuzzer's main.

if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
	message(FATAL_ERROR "DA_FUZZ needs clang and libFuzzer (libclang-rt-dev): "
		"CC=clang cmake -S . -B build-fuzz -DDA_FUZZ=ON -DDA_TESTS=OFF")
endif()

set(DA_FUZZ_SECONDS 300 CACHE STRING "Seconds each harness runs for in the fuzz target")
set(DA_FUZZ_SMOKE_SECONDS 10 CACHE STRING "Seconds each harness runs for in fuzz-smoke")

set(DA_FUZZ_SAN_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all
	-fno-omit-frame-pointer -g)
set(DA_FUZZ_LIB_FLAGS -fsanitize=fuzzer-no-link ${DA_FUZZ_SAN_FLAGS})
set(DA_FUZZ_HARNESS_FLAGS -fsanitize=fuzzer ${DA_FUZZ_SAN_FLAGS})

# Every library and program defined so far (dautil, daio, dacore, docker-audit ...): whatever
# the lead adds later is instrumented too. _FORTIFY_SOURCE goes: its checked calls would hide
# overflows from ASan.
get_property(da_fuzz_targets DIRECTORY ${CMAKE_SOURCE_DIR} PROPERTY BUILDSYSTEM_TARGETS)
foreach(t ${da_fuzz_targets})
	get_target_property(type ${t} TYPE)
	if(NOT type STREQUAL "STATIC_LIBRARY" AND NOT type STREQUAL "EXECUTABLE")
		continue()
	endif()
	target_compile_options(${t} PRIVATE ${DA_FUZZ_LIB_FLAGS})
	target_link_options(${t} PRIVATE ${DA_FUZZ_LIB_FLAGS})
	get_target_property(defs ${t} COMPILE_DEFINITIONS)
	if(defs)
		list(REMOVE_ITEM defs _FORTIFY_SOURCE=2)
		set_target_properties(${t} PROPERTIES COMPILE_DEFINITIONS "${defs}")
	endif()
endforeach()

add_subdirectory(tests/fuzz)

set(DA_FUZZ_RUN ${CMAKE_SOURCE_DIR}/tests/fuzz/run.sh)
add_custom_target(fuzz
	COMMAND bash ${DA_FUZZ_RUN} ${CMAKE_BINARY_DIR}/fuzz ${DA_FUZZ_SECONDS}
	DEPENDS ${DA_FUZZ_HARNESSES}
	USES_TERMINAL
	COMMENT "Fuzzing every harness for ${DA_FUZZ_SECONDS} s")
add_custom_target(fuzz-smoke
	COMMAND bash ${DA_FUZZ_RUN} ${CMAKE_BINARY_DIR}/fuzz ${DA_FUZZ_SMOKE_SECONDS}
	DEPENDS ${DA_FUZZ_HARNESSES}
	USES_TERMINAL
	COMMENT "Fuzzing every harness for ${DA_FUZZ_SMOKE_SECONDS} s")
