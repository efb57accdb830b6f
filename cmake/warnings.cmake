# Warnings and hardening flags, applied per target.
function(da_set_warnings target)
	target_compile_options(${target} PRIVATE
		-Wall -Wextra -Wformat=2 -Wformat-security -Wshadow -Wpointer-arith
		-Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings -Wvla
		-Wimplicit-fallthrough -Wundef -Wcast-qual -Wno-unused-parameter
		-fstack-protector-strong -fno-common)
	if(NOT DA_SANITIZE)
		target_compile_definitions(${target} PRIVATE _FORTIFY_SOURCE=2)
	endif()
	if(DA_WERROR)
		target_compile_options(${target} PRIVATE -Werror)
	endif()
	target_compile_definitions(${target} PRIVATE _GNU_SOURCE)
	target_link_options(${target} PRIVATE -Wl,-z,relro -Wl,-z,now)
	if(DA_SANITIZE)
		target_compile_options(${target} PRIVATE -fsanitize=address,undefined
			-fno-sanitize-recover=all -fno-omit-frame-pointer)
		target_link_options(${target} PRIVATE -fsanitize=address,undefined)
	endif()
endfunction()

set(CMAKE_POSITION_INDEPENDENT_CODE ON)
if(NOT DA_SANITIZE)
	add_link_options(-pie)
endif()
