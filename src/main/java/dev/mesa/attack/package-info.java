/** The threat model: backdoor injection by data poisoning (stamp with probability r, relabel to the target). */
package dev.mesa.attack;
