package dev.plinth.platform;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Plinth: the production layer for AI-built apps. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PlinthApplication {

    public static void main(String[] args) {
        SpringApplication.run(PlinthApplication.class, args);
    }
}
