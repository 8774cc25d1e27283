#pragma once
// ThreadSanitizer cannot see oneTBB's own synchronisation: libtbb is not instrumented, so the
// hand-offs between a thread that starts parallel work and its workers look like races. These
// annotations state the happens-before edges oneTBB guarantees; they compile to nothing outside
// a TSan build (GCC's -fsanitize=thread defines __SANITIZE_THREAD__).

#if defined(__SANITIZE_THREAD__)
extern "C" void __tsan_acquire(void* address);
extern "C" void __tsan_release(void* address);
#define CAREMARKET_HAPPENS_BEFORE(address) __tsan_release(static_cast<void*>(address))
#define CAREMARKET_HAPPENS_AFTER(address) __tsan_acquire(static_cast<void*>(address))
#else
#define CAREMARKET_HAPPENS_BEFORE(address) static_cast<void>(address)
#define CAREMARKET_HAPPENS_AFTER(address) static_cast<void>(address)
#endif
