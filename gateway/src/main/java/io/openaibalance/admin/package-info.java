/**
 * What the admin does: changes to settings, keys and providers validated, saved and applied as
 * one step (the admin JSON API and the web UI build on this).
 */
package io.openaibalance.admin;
