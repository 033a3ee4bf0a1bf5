'use strict';
// Seeded, deterministic pseudo-random numbers (mulberry32) and helpers built on them.

function hashString(text) {
	// FNV-1a 32 bit
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/** Creates a random source. `seed` may be a number or a string. */
function createRng(seed) {
	let state = (typeof seed === 'number' ? seed : hashString(String(seed))) >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (min, max) => min + Math.floor(next() * (max - min + 1));
	const pick = (list) => list[Math.floor(next() * list.length)];
	const chars = (length, alphabet) => {
		let out = '';
		for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
		return out;
	};
	const uuid = () => {
		const hex = chars(32, '0123456789abcdef').split('');
		hex[12] = '4';
		hex[16] = '89ab'[int(0, 3)];
		const s = hex.join('');
		return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
	};
	const digits = (length) => chars(length, '0123456789');
	return { next, int, pick, chars, uuid, digits };
}

module.exports = { createRng, hashString };
