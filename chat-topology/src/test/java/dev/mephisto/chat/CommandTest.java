package dev.mephisto.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandTest {

    private static ChatFixture roomWithAlexAndTim(ChatFixture chat) {
        chat.join("alex", 1);
        chat.join("tim", 1);
        chat.deliveries();
        return chat;
    }

    @Test
    void shouldExpandGreetForTheWholeRoomWithOrWithoutTheSlash() {
        try (ChatFixture chat = roomWithAlexAndTim(ChatFixture.defaults())) {
            chat.say("alex", "/greet");
            chat.say("tim", "greet");
            assertEquals(List.of("alex 1 alex: alex says hi!", "tim 1 alex: alex says hi!",
                    "alex 1 tim: tim says hi!", "tim 1 tim: tim says hi!"), chat.described());
        }
    }

    @Test
    void shouldTellTheWholeRoomABundledJokeWithOrWithoutTheSlash() {
        try (ChatFixture chat = roomWithAlexAndTim(ChatFixture.defaults())) {
            chat.say("alex", "/joke");
            chat.say("alex", "joke");
            List<Delivery> got = chat.deliveries();
            assertEquals(4, got.size());
            for (Delivery d : got) {
                assertEquals(DeliveryType.COMMENT, d.type());
                assertTrue(Jokes.all().contains(d.text()), d.text());
                assertTrue(d.text().contains("\n"), "setup and punchline: " + d.text());
            }
            assertEquals(got.get(0).text(), got.get(1).text(), "everyone hears the same joke");
        }
    }

    @Test
    void shouldAnswerHelpAndUsersPrivately() {
        try (ChatFixture chat = roomWithAlexAndTim(ChatFixture.defaults())) {
            chat.say("alex", "/help");
            chat.say("tim", "/users");
            List<Delivery> got = chat.deliveries();
            assertEquals(2, got.size());
            assertEquals("alex", got.get(0).user());
            assertEquals(DeliveryType.NOTICE, got.get(0).type());
            for (String command : List.of("/greet", "/joke", "/help", "/users", "/me")) {
                assertTrue(got.get(0).text().contains(command), got.get(0).text());
            }
            assertEquals("tim", got.get(1).user());
            assertEquals("members of room 1 (2): alex, tim", got.get(1).text());
        }
    }

    @Test
    void shouldActWithMe() {
        try (ChatFixture chat = roomWithAlexAndTim(ChatFixture.defaults())) {
            chat.say("alex", "/me waves at everyone");
            chat.say("alex", "/me");
            assertEquals(List.of("alex 1 alex: * alex waves at everyone", "tim 1 alex: * alex waves at everyone",
                    "alex NOTICE usage: /me <action>, such as '/me waves'"), chat.described());
        }
    }

    @Test
    void shouldNameAnUnknownCommandInAPrivateNotice() {
        try (ChatFixture chat = roomWithAlexAndTim(ChatFixture.defaults())) {
            chat.say("tim", "/dance now");
            List<Delivery> got = chat.deliveries();
            assertEquals(1, got.size());
            assertEquals("tim", got.get(0).user());
            assertEquals("unknown command '/dance': /help lists the commands (start with // to say something that"
                    + " begins with a slash)", got.get(0).text());
        }
    }

    @Test
    void shouldSayTextStartingWithADoubleSlashAsASingleSlash() {
        try (ChatFixture chat = roomWithAlexAndTim(ChatFixture.defaults())) {
            chat.say("tim", "//greet is a command");
            assertEquals(List.of("alex 1 tim: /greet is a command", "tim 1 tim: /greet is a command"),
                    chat.described());
        }
    }

    @Test
    void shouldRunACommandRegisteredOnTheChatApp() {
        ChatApp app = ChatApp.create(ChatOptions.defaults())
                .command("shout", "say it loud", call -> CommandReply.toRoom(call.args().toUpperCase() + "!"))
                .command("whoami", "", call -> CommandReply.toSender("you are " + call.sender() + " in " + call.room()))
                .command("fail", "", call -> {
                    throw new IllegalStateException("no luck");
                });
        try (ChatFixture chat = roomWithAlexAndTim(new ChatFixture(app))) {
            chat.say("alex", "/shout hello");
            chat.say("tim", "/whoami");
            chat.say("tim", "/fail");
            chat.say("tim", "/help");
            List<Delivery> got = chat.deliveries();
            assertEquals(List.of("alex 1 alex: HELLO!", "tim 1 alex: HELLO!", "tim NOTICE you are tim in 1",
                    "tim NOTICE the command '/fail' failed: no luck"),
                    got.subList(0, 4).stream().map(ChatFixture::describe).toList());
            assertTrue(got.get(4).text().contains("/shout - say it loud"), got.get(4).text());
        }
    }

    @Test
    void shouldRefuseACommandNameThatCannotBeTyped() {
        ChatApp app = ChatApp.create(ChatOptions.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> app.command("/Shout", "", call -> null));
        assertTrue(e.getMessage().startsWith("command name '/Shout' must be lower-case letters"), e.getMessage());
    }
}
