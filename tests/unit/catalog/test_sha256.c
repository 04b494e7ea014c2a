/* SHA-256 against the FIPS 180-4 / NIST CAVS examples and a long message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sha256.h"

static void expect(const char *msg, size_t len, const char *hex)
{
	char out[65];
	ls_sha256_hex(msg, len, out);
	assert_string_equal(out, hex);
}

static void test_vectors(void **state)
{
	(void)state;
	expect("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	expect("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	expect(two, strlen(two), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	const char *four = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
		"ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	expect(four, strlen(four), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

/* One million 'a' (FIPS 180-2 appendix B.3), fed in odd-sized pieces so
 * the block buffering is exercised. */
static void test_million(void **state)
{
	(void)state;
	char *m = malloc(1000000);
	assert_non_null(m);
	memset(m, 'a', 1000000);
	expect(m, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	ls_sha256 s;
	unsigned char d[32];
	ls_sha256_init(&s);
	for (size_t off = 0; off < 1000000; off += 997)
		ls_sha256_update(&s, m + off, off + 997 > 1000000 ? 1000000 - off : 997);
	ls_sha256_final(&s, d);
	assert_int_equal(d[0], 0xcd);
	assert_int_equal(d[31], 0xd0);
	free(m);
}

/* Lengths around the padding boundary (55, 56, 63, 64 bytes). */
static void test_boundaries(void **state)
{
	(void)state;
	char m[64];
	memset(m, 'a', sizeof m);
	expect(m, 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
	expect(m, 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
	expect(m, 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34");
	expect(m, 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_million),
		cmocka_unit_test(test_boundaries),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
