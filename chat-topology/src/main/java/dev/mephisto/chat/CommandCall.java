package dev.mephisto.chat;

import java.util.List;

/**
 * One use of a {@link ChatCommand}.
 *
 * @param sender who typed it
 * @param room the room it was typed in
 * @param name the command's name, without the slash
 * @param args what followed the name, trimmed; empty when nothing did
 * @param members the room's members, in the order they joined
 */
public record CommandCall(String sender, int room, String name, String args, List<String> members) {
}
