/**
 * Key pools per provider: each key's live health (active, cooling, disabled), the transitions an
 * attempt's outcome causes, and round-robin selection. This is the one live state that serves
 * traffic; admin pages and jobs read and change the same objects.
 */
package io.openaibalance.keys;
