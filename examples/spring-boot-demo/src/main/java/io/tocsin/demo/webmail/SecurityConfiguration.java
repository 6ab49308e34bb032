package io.tocsin.demo.webmail;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A form login with one demo user. Tocsin's filter runs before this filter chain (the starter's
 * default order), so its notice page and acknowledgement form work for visitors who are not signed
 * in, and in block mode a listed visitor never reaches the login.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/webmail.css", "/actuator/health", "/error").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/inbox", true).permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"));
        return http.build();
    }

    @Bean
    UserDetailsService users(@Value("${webmail.demo.user:demo}") String name,
                             @Value("${webmail.demo.password:demo}") String password) {
        // {noop}: a demo account with a password printed in the README; never do this for real users
        return new InMemoryUserDetailsManager(User.withUsername(name).password("{noop}" + password).roles("USER").build());
    }
}
